import { OpsdeckError } from '../../../contract';

export type Compression = 'zstd' | 'gzip' | 'none';

/** zstd (multi-threaded, checksummed frames) where the host has it, else gzip. */
export function pickCompression(
  wanted: 'auto' | Compression,
  has: ReadonlySet<string>,
  hostName: string,
): Compression {
  if (wanted === 'auto') return has.has('zstd') ? 'zstd' : has.has('gzip') ? 'gzip' : 'none';
  if (wanted !== 'none' && !has.has(wanted))
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `${hostName} has no ${wanted}.`,
      `Install ${wanted} on ${hostName} (apt-get install ${wanted} / dnf install ${wanted}), or choose compression auto.`,
    );
  return wanted;
}

/** A pipeline stage that compresses stdin to stdout ('' for none). */
export const compressStage = (c: Compression) =>
  c === 'zstd' ? ' | zstd -q -c -T0 -3' : c === 'gzip' ? ' | gzip -c -1' : '';

/** A command that decompresses stdin to stdout (and fails on a damaged stream). */
export const decompressCommand = (c: Compression) =>
  c === 'zstd' ? 'zstd -q -dc' : c === 'gzip' ? 'gzip -dc' : 'cat';

export const compressionSuffix = (c: Compression) =>
  c === 'zstd' ? '.zst' : c === 'gzip' ? '.gz' : '';
