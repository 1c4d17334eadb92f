// @ts-check
/**
 * Directories the lab creates outside its own dir (the lab dir's missing parents, mount points,
 * /run/sshd) are recorded in the lab dir before they are made, so that `down` removes exactly those.
 */
import fs from 'node:fs';
import path from 'node:path';
import { progress } from './log.mjs';

/**
 * Creates the lab dir, recording any parent directories that had to be created with it.
 * @param {import('./paths.mjs').Lab} lab
 */
export function ensureLabDir(lab) {
  const firstCreated = fs.mkdirSync(lab.dir, { recursive: true, mode: 0o755 });
  if (!firstCreated || firstCreated === lab.dir) return;
  const parents = [];
  for (
    let dir = path.dirname(lab.dir);
    dir !== path.dirname(firstCreated);
    dir = path.dirname(dir)
  ) {
    parents.unshift(dir);
  }
  record(lab, parents);
}

/**
 * Creates `dir` (outside the lab dir) if absent and records it; leaves an existing one alone.
 * @param {import('./paths.mjs').Lab} lab
 * @param {string} dir
 * @param {number} mode
 */
export function ensureSystemDir(lab, dir, mode) {
  if (fs.existsSync(dir)) return;
  record(lab, [dir]);
  fs.mkdirSync(dir, { mode });
  fs.chmodSync(dir, mode);
}

/**
 * The recorded directories, outermost first.
 * @param {import('./paths.mjs').Lab} lab
 * @returns {string[]}
 */
export function createdPaths(lab) {
  try {
    return JSON.parse(fs.readFileSync(lab.createdPaths, 'utf8'));
  } catch {
    return [];
  }
}

/**
 * Removes the recorded directories, innermost first; one that is no longer empty is left in place.
 * @param {string[]} dirs
 */
export function removeCreatedPaths(dirs) {
  for (const dir of [...dirs].reverse()) {
    try {
      fs.rmdirSync(dir);
    } catch (err) {
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      if (code !== 'ENOENT') progress(`left ${dir} in place: ${code} (something else uses it)`);
    }
  }
}

/**
 * @param {import('./paths.mjs').Lab} lab
 * @param {string[]} dirs
 */
function record(lab, dirs) {
  const known = createdPaths(lab);
  const added = dirs.filter((dir) => !known.includes(dir));
  fs.writeFileSync(lab.createdPaths, `${JSON.stringify([...known, ...added], null, 2)}\n`);
}
