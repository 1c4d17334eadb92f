import { createHash } from 'node:crypto';

/**
 * Version tag of a remote file: size, mtime (SFTP v3 has whole seconds) and the SHA-256 of the
 * content, so an edit within the same second that keeps the size is still noticed.
 */
export function etagOf(meta: { size: number; mtimeMs: number }, content: Buffer): string {
  const sha = createHash('sha256').update(content).digest('hex');
  return `${meta.size}-${Math.floor(meta.mtimeMs / 1000)}-${sha}`;
}
