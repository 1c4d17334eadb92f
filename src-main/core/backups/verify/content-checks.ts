import type { BackupEntry } from '../../../contract';
import { decompressCommand } from '../tools/compression';
import { hotPrepareCommand } from './hot-prepare';

/**
 * The command a verifying host runs on the stored bytes (stdin): it decompresses them (zstd and
 * gzip check their own checksums, so damage fails here) and checks the content is whole:
 * a dump ends with its "Dump completed" line, a mydumper archive holds its metadata. Prints
 * `@@opsdeck-ok` on success. A hot backup is unpacked and prepared (hot-prepare.ts).
 */
export function contentCheckCommand(
  entry: Pick<BackupEntry, 'kind' | 'tool' | 'compression'>,
  scratch: string,
): string {
  const dec = decompressCommand(entry.compression);
  if (entry.kind === 'dump' && entry.tool === 'mydumper')
    return `set -o pipefail; ${dec} | tar -tf - | grep -x './metadata' >/dev/null && echo @@opsdeck-ok`;
  if (entry.kind === 'dump')
    return `set -o pipefail; ${dec} | tail -c 4096 | grep '^-- Dump completed' >/dev/null && echo @@opsdeck-ok`;
  return hotPrepareCommand(entry, scratch, undefined);
}
