import { posix } from 'node:path';
import {
  OpsdeckError,
  formatBytes,
  toErrorShape,
  type FileContent,
  type FileListing,
  type FileWriteResult,
  type Host,
} from '../../contract';
import type { Clock } from '../clock';
import type { HostService } from '../inventory/host-service';
import type { SshPool } from '../ssh';
import type { AuditRepo } from '../store/audit-repo';
import { atomicWrite } from './atomic-write';
import { decodeText } from './binary-detect';
import { etagOf } from './etag';
import { listDirectory } from './sftp-list';
import { withSftp, type Sftp } from './sftp-session';

export interface SftpFilesDeps {
  pool: Pick<SshPool, 'acquire'>;
  hosts: Pick<HostService, 'get'>;
  audit: AuditRepo;
  clock: Clock;
}

/**
 * Remote files for the browser and the editor: directory listings, text reads with a size limit
 * and binary detection, safe writes.
 */
export class SftpFiles {
  constructor(private readonly deps: SftpFilesDeps) {}

  list(hostId: string, path: string, limit: number): Promise<FileListing> {
    const host = this.deps.hosts.get(hostId);
    return withSftp(this.deps.pool, host, (sftp) => listDirectory(sftp, path, limit));
  }

  async read(hostId: string, path: string, maxBytes: number): Promise<FileContent> {
    const host = this.deps.hosts.get(hostId);
    return withSftp(this.deps.pool, host, async (sftp) => {
      const real = await sftp.realpath(path);
      const stat = await sftp.stat(real);
      if (!stat.isFile) {
        throw new OpsdeckError(
          'INVALID_PARAMS',
          `${real} on ${host.name} is ${stat.isDirectory ? 'a directory' : 'not a regular file'}.`,
          'Open a regular file.',
        );
      }
      if (stat.size > maxBytes) throw tooLarge(host, real, stat.size, maxBytes);
      const data = await sftp.readFile(real);
      if (data.length > maxBytes) throw tooLarge(host, real, data.length, maxBytes);
      const decoded = decodeText(data);
      return {
        path: real,
        content: decoded.binary ? '' : decoded.text,
        mtimeMs: stat.mtimeMs,
        size: data.length,
        mode: stat.mode & 0o7777,
        uid: stat.uid,
        gid: stat.gid,
        binary: decoded.binary,
        etag: etagOf({ size: data.length, mtimeMs: stat.mtimeMs }, data),
      };
    });
  }

  async write(
    hostId: string,
    path: string,
    content: string,
    expectedEtag: string | null,
    door: string,
  ): Promise<FileWriteResult> {
    const host = this.deps.hosts.get(hostId);
    const data = Buffer.from(content, 'utf8');
    let target = path;
    try {
      const result = await withSftp(this.deps.pool, host, async (sftp) => {
        target = await resolveForWrite(sftp, path);
        return atomicWrite(sftp, {
          path: target,
          content: data,
          expectedEtag,
          now: this.deps.clock.now(),
        });
      });
      this.audit(
        host,
        door,
        `${target}: ${data.length} bytes written; backup ${result.backupPath ?? 'none (new file)'}`,
        'ok',
      );
      return { path: target, ...result };
    } catch (err) {
      const e = toErrorShape(err);
      if (e.code !== 'CONFLICT')
        this.audit(host, door, `${target}: write failed: ${e.code} ${e.message}`, 'failed');
      throw err;
    }
  }

  private audit(host: Host, door: string, detail: string, outcome: 'ok' | 'failed') {
    this.deps.audit.append({
      at: this.deps.clock.now().toISOString(),
      door,
      target: host.name,
      action: 'sftp.write',
      detail,
      outcome,
    });
  }
}

/** The real path to replace: symlinks resolved; for a new file, its (resolved) folder + name. */
async function resolveForWrite(sftp: Sftp, path: string): Promise<string> {
  try {
    return await sftp.realpath(path);
  } catch (err) {
    if (!(err instanceof OpsdeckError) || err.code !== 'NOT_FOUND') throw err;
    const dir = await sftp.realpath(posix.dirname(path) || '.');
    return posix.join(dir, posix.basename(path));
  }
}

function tooLarge(host: Host, path: string, size: number, max: number): OpsdeckError {
  return new OpsdeckError(
    'FILE_TOO_LARGE',
    `${path} on ${host.name} is ${formatBytes(size)}, over the ${formatBytes(max)} limit for the editor.`,
    'Download it instead (files.download), or look at part of it in a terminal (less, tail).',
  );
}
