import type { BackupKind } from '../../../contract';
import { compressionSuffix, type Compression } from '../../backups/tools/compression';

/** `20261206T204249Z`: sorts by time, safe in file names. */
export const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** A catalog id: the time, the host, 4 random hex (two backups of one host in one second differ). */
export const backupId = (host: string, at: Date, random: string) =>
  `${stamp(at)}-${host.replace(/[^A-Za-z0-9_-]/g, '_')}-${random}`;

/** `<host>/<id>-<kind>.<ext>`: one folder per host in a destination. */
export function fileName(
  host: string,
  id: string,
  kind: BackupKind,
  tool: string,
  c: Compression,
): string {
  const ext = kind === 'hot' ? '.xbstream' : tool === 'mydumper' ? '.tar' : '.sql';
  return `${host.replace(/[^A-Za-z0-9_.-]/g, '_')}/${id}-${tool}${ext}${compressionSuffix(c)}`;
}
