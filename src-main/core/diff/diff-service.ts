import type { z } from 'zod';
import {
  OpsdeckError,
  type ConfigChecks,
  type DiffCompareResult,
  type DiffSide,
  type DiffSource,
  type DriftReport,
  type SaveBackResult,
  type SnapshotInfo,
  type methods,
} from '../../contract';
import type { Clock } from '../clock';
import type { SftpFiles } from '../files/sftp-files';
import type { HostService } from '../inventory/host-service';
import { Redactor } from '../redact';
import type { Vault } from '../secrets/vault';
import type { SshPool } from '../ssh';
import type { AuditRepo } from '../store/audit-repo';
import type { Db } from '../store/database';
import { SnapshotsRepo } from '../store/snapshots-repo';
import { configChecksFor } from './config-checks';
import { runDrift, type DriftRequest } from './drift';
import type { HostFileDeps } from './host-file';
import { readHostFile } from './host-file';
import { saveBack } from './save-back';
import { SnapshotStore } from './snapshot-store';
import { loadSide } from './sources';
import { unifiedDiff } from './unified';

type P<M extends keyof typeof methods> = z.output<(typeof methods)[M]['params']>;

export interface DiffServiceDeps {
  db: Db;
  pool: Pick<SshPool, 'acquire' | 'exec'>;
  files: Pick<SftpFiles, 'read'>;
  hosts: Pick<HostService, 'get' | 'list'>;
  vault: Vault;
  audit: AuditRepo;
  clock: Clock;
  redactor?: Redactor;
}

/** Config diff, save-back, snapshots and drift: what the diff.* / snapshots.* / drift.* methods do. */
export class DiffService {
  readonly snapshots: SnapshotStore;
  readonly hostFiles: HostFileDeps;
  private readonly redactor: Redactor;

  constructor(private readonly deps: DiffServiceDeps) {
    this.redactor = deps.redactor ?? new Redactor();
    this.snapshots = new SnapshotStore({
      repo: new SnapshotsRepo(deps.db),
      vault: deps.vault,
      clock: deps.clock,
    });
    this.hostFiles = {
      pool: deps.pool,
      files: deps.files,
      exec: (host, command, options) => deps.pool.exec(host, command, options),
    };
  }

  async load(sources: readonly DiffSource[], maxBytes: number): Promise<DiffSide[]> {
    const deps = { hosts: this.deps.hosts, hostFiles: this.hostFiles, snapshots: this.snapshots };
    return Promise.all(sources.map((s) => loadSide(deps, s, maxBytes)));
  }

  async compare(p: P<'diff.compare'>): Promise<DiffCompareResult> {
    const [a, b] = (await this.load(p.sources, p.maxBytes)) as [DiffSide, DiffSide];
    const stamp = (s: DiffSide) =>
      s.missing ? '(missing)' : s.mtimeMs ? new Date(s.mtimeMs).toISOString() : (s.takenAt ?? '');
    const u = unifiedDiff({
      a: a.content,
      b: b.content,
      nameA: a.label,
      nameB: b.label,
      headerA: stamp(a),
      headerB: stamp(b),
      options: {
        ignoreWhitespace: p.ignoreWhitespace,
        ignoreComments: p.ignoreComments,
        kind: a.kind !== 'text' ? a.kind : b.kind,
      },
      context: p.context,
    });
    const meta = ({ content: _content, ...rest }: DiffSide) => rest;
    return { ...u, sides: [meta(a), meta(b)] };
  }

  checks(hostId: string, path: string): ConfigChecks {
    return configChecksFor(this.deps.hosts.get(hostId), path);
  }

  save(p: P<'diff.save'>, door: string): Promise<SaveBackResult> {
    return saveBack(this.saveDeps(), {
      host: this.deps.hosts.get(p.hostId),
      path: p.path,
      content: p.content,
      expectedEtag: p.expectedEtag,
      sudo: p.sudo,
      validate: p.validate,
      reload: p.reload,
      door,
      snapshotReason: 'before-save',
    });
  }

  async takeSnapshot(
    hostId: string,
    path: string,
    note: string,
    door: string,
  ): Promise<SnapshotInfo> {
    const host = this.deps.hosts.get(hostId);
    const f = await readHostFile(this.hostFiles, host, path, 50 * 1024 * 1024);
    if (f.missing)
      throw new OpsdeckError(
        'NOT_FOUND',
        `${path} does not exist on ${host.name}; there is nothing to keep.`,
        'Check the path (it is case-sensitive).',
      );
    return (await this.snapshots.save({
      hostId: host.id,
      hostName: host.name,
      path,
      content: f.data,
      reason: 'manual',
      note,
      door,
    })) as SnapshotInfo;
  }

  /** `hostId` may be a name, as everywhere else. */
  listSnapshots(filter: P<'snapshots.list'>): SnapshotInfo[] {
    const hostId = filter.hostId ? this.deps.hosts.get(filter.hostId).id : undefined;
    return this.snapshots.list({ ...filter, ...(hostId ? { hostId } : {}) });
  }

  async restore(p: P<'snapshots.restore'>, door: string): Promise<SaveBackResult> {
    const { info, content } = await this.snapshots.content(p.snapshotId);
    return saveBack(this.saveDeps(), {
      host: this.deps.hosts.get(info.hostId),
      path: info.path,
      content: content.toString('utf8'),
      expectedEtag: p.expectedEtag,
      sudo: undefined,
      validate: p.validate,
      reload: p.reload,
      door,
      snapshotReason: 'before-restore',
      what: `restore of snapshot #${info.id} from ${info.takenAt}`,
    });
  }

  drift(p: DriftRequest, door: string): Promise<DriftReport> {
    return runDrift(
      {
        hosts: this.deps.hosts,
        hostFiles: this.hostFiles,
        snapshots: this.snapshots,
        clock: this.deps.clock,
      },
      p,
      door,
    );
  }

  private saveDeps() {
    return {
      hostFiles: this.hostFiles,
      snapshots: this.snapshots,
      audit: this.deps.audit,
      clock: this.deps.clock,
      redactor: this.redactor,
    };
  }
}
