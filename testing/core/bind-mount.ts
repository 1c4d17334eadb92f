import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';

/**
 * Whether this process may make a private mount namespace and bind-mount in it (root, as the lab
 * and CI run). When it may not, says on stderr which cases `suite` skips.
 */
export function canBindMount(suite: string): boolean {
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', 'mount', '--bind', '/', '/'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    console.warn(
      `${suite}: no unshare --mount (not root): the bind-mounted file cases are skipped`,
    );
    return false;
  }
}

/**
 * `script` run by sh in a new private mount namespace where `source` is bind-mounted on `target`
 * (as a container's /etc/hosts or a lab host's /etc/fstab is): renaming over `target` fails with
 * EBUSY there. The namespace, and so the mount, ends with the script; `input` is its stdin.
 */
export function inBindMount(
  source: string,
  target: string,
  script: string,
  input?: string,
): SpawnSyncReturns<string> {
  return spawnSync(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      `mount --bind "$0" "$1" && ${script}`,
      source,
      target,
    ],
    { encoding: 'utf8', ...(input !== undefined ? { input } : {}) },
  );
}
