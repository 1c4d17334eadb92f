import {
  fileKindOf,
  lineEndingsOf,
  type DiffSide,
  type DiffSource,
  type Host,
} from '../../contract';
import type { HostService } from '../inventory/host-service';
import { readHostFile, type HostFileDeps } from './host-file';
import { readLocalText, readTemplateFile } from './local-file';
import type { SnapshotStore } from './snapshot-store';
import { renderTemplate } from './template';

export interface SourceDeps {
  hosts: Pick<HostService, 'get'>;
  hostFiles: HostFileDeps;
  snapshots: SnapshotStore;
}

const TEMPLATE_SUFFIX = /\.(tmpl|tpl|j2|template)$/i;
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** Load one side of a comparison. */
export async function loadSide(
  deps: SourceDeps,
  source: DiffSource,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<DiffSide> {
  switch (source.kind) {
    case 'host': {
      const host = deps.hosts.get(source.hostId);
      const f = await readHostFile(
        deps.hostFiles,
        host,
        source.path,
        maxBytes,
        source.sudo,
        signal,
      );
      return {
        source,
        label: `${host.name}:${f.path}`,
        path: f.path,
        kind: fileKindOf(f.path),
        content: f.text,
        missing: f.missing,
        editable: true,
        etag: f.etag,
        readVia: f.via,
        size: f.size,
        lineEndings: lineEndingsOf(f.text),
        hostId: host.id,
        hostName: host.name,
        ...(f.mode !== undefined ? { mode: f.mode } : {}),
        ...(f.uid !== undefined ? { uid: f.uid, gid: f.gid } : {}),
        ...(f.mtimeMs !== undefined ? { mtimeMs: f.mtimeMs } : {}),
      };
    }
    case 'local': {
      const f = await readLocalText(source.path, maxBytes);
      return {
        ...readOnly(source, `local:${f.path}`, f.path, f.text, 'local'),
        missing: f.missing,
        ...(f.mtimeMs !== undefined ? { mtimeMs: f.mtimeMs } : {}),
      };
    }
    case 'snapshot':
    case 'snapshot-at': {
      const id =
        source.kind === 'snapshot'
          ? source.snapshotId
          : snapshotAt(deps, deps.hosts.get(source.hostId), source.path, source.at);
      const { info, content } = await deps.snapshots.content(id);
      const text = content.toString('utf8');
      return {
        ...readOnly(
          source,
          `${info.hostName}:${info.path} @ ${when(info.takenAt)} (snapshot #${info.id})`,
          info.path,
          text,
          'store',
        ),
        hostId: info.hostId,
        hostName: info.hostName,
        snapshotId: info.id,
        takenAt: info.takenAt,
      };
    }
    case 'template': {
      const host = deps.hosts.get(source.hostId);
      const t = await readTemplateFile(source.path, maxBytes);
      const text = renderTemplate(t.text, host, t.path);
      return {
        ...readOnly(
          source,
          `template ${t.path} for ${host.name}`,
          t.path.replace(TEMPLATE_SUFFIX, ''),
          text,
          'template',
        ),
        hostId: host.id,
        hostName: host.name,
      };
    }
  }
}

function snapshotAt(deps: SourceDeps, host: Host, path: string, at: string): number {
  return deps.snapshots.at(host.id, host.name, path, at).id;
}

function readOnly(
  source: DiffSource,
  label: string,
  path: string,
  content: string,
  readVia: DiffSide['readVia'],
): DiffSide {
  return {
    source,
    label,
    path,
    kind: fileKindOf(path),
    content,
    missing: false,
    editable: false,
    etag: null,
    readVia,
    size: Buffer.byteLength(content),
    lineEndings: lineEndingsOf(content),
  };
}
