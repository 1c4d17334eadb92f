// @ts-check
/**
 * Directories the lab creates outside its own dir (the lab dir's missing parents, mount points,
 * /run/sshd) are recorded in the lab dir before they are made, so that `down` removes exactly those.
 */
import fs from 'node:fs';
import path from 'node:path';
import { progress } from './log.mjs';
import { allPids, commandLine } from './proc.mjs';

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
 * What `down` does with the directories it recorded, once its own processes are gone. Mount points,
 * /run/sshd and /home/<login> are the same paths for every lab on this machine: while another lab
 * runs, removing them would pull its hosts' mounts away (an rmdir detaches the mounts on that
 * path in every namespace) and its sshd's privilege separation dir. So they are handed to a lab
 * that still runs (added to its created-paths.json; its `down` removes them, or hands them on);
 * only the lab dir's own parents are removed at once. With no other lab, everything is removed.
 * Runs under the lab lock, so no other lab command writes that file meanwhile.
 * @param {{ dir: string }} lab
 * @param {string[]} dirs recorded directories, outermost first
 * @param {string[]} [others] lab dirs of the other labs that run (default: otherLabDirs)
 */
export function settleCreatedPaths(lab, dirs, others = otherLabDirs(lab)) {
  const parents = dirs.filter((dir) => lab.dir.startsWith(`${dir}/`));
  const shared = dirs.filter((dir) => !parents.includes(dir));
  const heir = others.find((dir) => fs.existsSync(dir));
  if (heir === undefined || shared.length === 0) {
    removeCreatedPaths(dirs);
    return;
  }
  recordIn(path.join(heir, 'created-paths.json'), shared);
  progress(
    `left ${shared.join(', ')} to the lab at ${heir}, which uses them too (its down removes them)`,
  );
  removeCreatedPaths(parents);
}

/**
 * Lab dirs of the other labs running on this machine, from their namespace holders' command lines.
 * @param {{ dir: string }} lab
 */
export function otherLabDirs(lab) {
  const dirs = new Set(allPids().map((pid) => labDirOfHolder(commandLine(pid))));
  dirs.delete(null);
  dirs.delete(lab.dir);
  return /** @type {string[]} */ ([...dirs]);
}

/**
 * The lab dir a holder's command line names (`unshare … /bin/sh <lab>/hosts/<host>/holder.sh`,
 * namespace.mjs), or null for any other process.
 * @param {string[]} argv
 */
export function labDirOfHolder(argv) {
  if (path.basename(argv[0] ?? '') !== 'unshare') return null;
  const match = /^(\/.+)\/hosts\/[^/]+\/holder\.sh$/.exec(argv[argv.length - 1] ?? '');
  return match?.[1] ?? null;
}

/**
 * @param {import('./paths.mjs').Lab} lab
 * @param {string[]} dirs
 */
function record(lab, dirs) {
  recordIn(lab.createdPaths, dirs);
}

/**
 * @param {string} file a lab's created-paths.json
 * @param {string[]} dirs
 */
function recordIn(file, dirs) {
  /** @type {string[]} */
  let known = [];
  try {
    known = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    known = [];
  }
  const added = dirs.filter((dir) => !known.includes(dir));
  fs.writeFileSync(file, `${JSON.stringify([...known, ...added], null, 2)}\n`);
}
