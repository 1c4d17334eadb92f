// @ts-check
/** The lab's hosts: which exist, finding one by name, creating a host's folders. */
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from './errors.mjs';
import { hostPaths } from './paths.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */

/**
 * Hosts db1..dbN and stock1..stockM as far as the lab has folders for them (numbered from 1).
 * @param {Lab} lab
 */
export function existingHosts(lab) {
  return [
    ...hostRange(lab, existingHostCount(lab)),
    ...hostRange(lab, existingHostCount(lab, 'stock'), 'stock'),
  ];
}

/**
 * Hosts db1..db<count> (or stock1..stock<count>).
 * @param {Lab} lab
 * @param {number} count
 * @param {import('./paths.mjs').Shape} [shape]
 */
export function hostRange(lab, count, shape = 'lab') {
  return Array.from({ length: count }, (_, i) => hostPaths(lab, i + 1, shape));
}

/**
 * @param {Lab} lab
 * @param {import('./paths.mjs').Shape} [shape]
 */
export function existingHostCount(lab, shape = 'lab') {
  let entries;
  try {
    entries = fs.readdirSync(lab.hostsDir);
  } catch {
    return 0;
  }
  const prefix = shape === 'stock' ? 'stock' : 'db';
  const indexes = entries
    .map((entry) => new RegExp(`^${prefix}(\\d+)$`).exec(entry)?.[1])
    .filter(Boolean)
    .map(Number);
  return Math.max(0, ...indexes);
}

/**
 * @param {Lab} lab
 * @param {string} name e.g. db2
 */
export function findHost(lab, name) {
  const host = existingHosts(lab).find((candidate) => candidate.name === name);
  if (!host) {
    const known = existingHosts(lab).length
      ? `hosts are ${existingHosts(lab)
          .map((h) => h.name)
          .join(', ')}`
      : 'the lab is not up';
    throw new LabError(`no host ${name} (${known})`);
  }
  return host;
}

/**
 * Creates the host's folders (no-op for those that exist).
 * @param {import('./paths.mjs').Host} host
 */
export function createHostFolders(host) {
  for (const dir of [host.etcMysql, host.data, host.run, host.log, host.bin, host.sshDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  createRootHome(host.home);
}

/**
 * Root's home of a host, started like a fresh Debian install's: /etc/skel's dot files.
 * @param {string} dir
 */
function createRootHome(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  copySkel(dir);
}

/**
 * /etc/skel's dot files into a new home (existing files are kept).
 * @param {string} dir
 */
export function copySkel(dir) {
  for (const file of ['.bashrc', '.profile']) {
    const skel = path.join('/etc/skel', file);
    const target = path.join(dir, file);
    if (fs.existsSync(skel) && !fs.existsSync(target)) fs.copyFileSync(skel, target);
  }
}
