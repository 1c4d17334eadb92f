import type { BackupEntry } from '../../../contract';
import { shellQuote as q } from '../../common/shell';
import { decompressCommand } from '../tools/compression';

/**
 * The command a verifying host runs on the stored bytes (stdin): it decompresses them (zstd and
 * gzip check their own checksums, so damage fails here) and checks the content is whole:
 * a dump ends with its "Dump completed" line, a mydumper archive holds its metadata, a hot
 * backup's xbstream unpacks and carries its checkpoints file. Prints `@@opsdeck-ok` on success.
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
  const s = q(scratch);
  const extract = entry.tool === 'xtrabackup' ? 'xbstream' : 'mbstream';
  return `set -o pipefail; trap "rm -rf ${s}" EXIT; rm -rf ${s} && mkdir -p ${s} && ${dec} | ${extract} -x -C ${s} && grep '^backup_type = full-backuped' ${s}/xtrabackup_checkpoints >/dev/null && echo @@opsdeck-ok`;
}
