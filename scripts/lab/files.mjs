// @ts-check
/** Small file-writing helpers shared by the generators. */
import fs from 'node:fs';

/**
 * Writes `content` unless the file already holds exactly that; returns whether it wrote.
 * @param {string} file
 * @param {string} content
 * @param {number} [mode]
 */
export function writeIfChanged(file, content, mode = 0o644) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return false;
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
  return true;
}

/**
 * The last `count` lines of a text file ('' if it cannot be read).
 * @param {string} file
 * @param {number} count
 */
export function lastLines(file, count) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

/**
 * Writes `content` only if the file does not exist yet (for files a person may edit afterwards).
 * @param {string} file
 * @param {string} content
 * @param {number} [mode]
 */
export function writeOnce(file, content, mode = 0o644) {
  if (fs.existsSync(file)) return false;
  fs.writeFileSync(file, content, { mode });
  return true;
}
