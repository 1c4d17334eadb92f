import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatBytes, OpsdeckError } from '../../contract';
import { decodeText } from '../files/binary-detect';

export interface LocalRead {
  path: string;
  missing: boolean;
  text: string;
  size: number;
  mtimeMs?: number;
}

/** A text file on the machine running Opsdeck (a local side, or a template). */
export async function readLocalText(path: string, maxBytes: number): Promise<LocalRead> {
  const full = resolve(path);
  try {
    const st = await stat(full);
    if (!st.isFile())
      throw new OpsdeckError('INVALID_PARAMS', `${full} is not a regular file.`, 'Pick a file.');
    if (st.size > maxBytes)
      throw new OpsdeckError(
        'FILE_TOO_LARGE',
        `${full} is ${formatBytes(st.size)}, over the ${formatBytes(maxBytes)} limit for comparisons.`,
        'Raise the limit (--max-bytes) if you really mean to compare it.',
      );
    const data = await readFile(full);
    const decoded = decodeText(data);
    if (decoded.binary)
      throw new OpsdeckError(
        'FILE_BINARY',
        `${full} is a binary file; Opsdeck compares text files only.`,
        'Compare checksums instead (sha256sum).',
      );
    return {
      path: full,
      missing: false,
      text: decoded.text,
      size: data.length,
      mtimeMs: st.mtimeMs,
    };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') return { path: full, missing: true, text: '', size: 0 };
    if (code === 'EACCES')
      throw new OpsdeckError(
        'PERMISSION_DENIED',
        `Opsdeck may not read ${full} on this machine.`,
        'Check the file’s permissions.',
      );
    throw err;
  }
}

/** A template file on this machine (a missing one is an error, not an empty side). */
export async function readTemplateFile(
  path: string,
  maxBytes: number,
): Promise<{ path: string; text: string }> {
  const t = await readLocalText(path, maxBytes);
  if (t.missing)
    throw new OpsdeckError(
      'NOT_FOUND',
      `The template ${t.path} does not exist.`,
      'Check the path of the template file on this machine.',
    );
  return { path: t.path, text: t.text };
}
