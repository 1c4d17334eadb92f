import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { labDir } from './lab';

const key = (file: string) => {
  try {
    const { dev, ino } = statSync(file);
    return `${dev}:${ino}`;
  } catch {
    return null;
  }
};

/**
 * A host crash for SSH: after `lab kill <host> ssh` (the listener only), also SIGKILL the sshd
 * session processes still serving connections into that host — what a real host going down does
 * to open connections. A process belongs to the host when its /etc/mysql is the host's folder
 * (the lab's namespace marker, as scripts/lab/sweep.mjs finds them).
 */
export function killSshSessions(host: string): number[] {
  const marker = key(resolve(labDir, 'hosts', host, 'etc-mysql'));
  if (!marker) throw new Error(`no lab host ${host}`);
  const killed: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm !== 'sshd' && comm !== 'sshd-session') continue;
      if (key(`/proc/${pid}/root/etc/mysql`) !== marker) continue;
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone already
    }
  }
  return killed;
}

/** Is a process alive (the lab shares one process table with this machine)? */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** A shell script run as root inside a lab host's mount namespace (what its services see). */
export function inHostNamespace(host: string, script: string): string {
  const holder = readFileSync(resolve(labDir, 'hosts', host, 'holder.pid'), 'utf8').trim();
  return execFileSync('nsenter', ['-t', holder, '-m', 'sh', '-ec', script], { encoding: 'utf8' });
}

/**
 * `update-rc.d <service> disable`, seen by one lab host only: inside the host's mount namespace,
 * each /etc/rc[2345].d is replaced (bind mount) by a copy without the service's start link. The
 * machine's own /etc and the other hosts are untouched. Returns the undo.
 */
export function disableAtBootIn(host: string, service: string): () => void {
  const copies = resolve(labDir, 'hosts', host, 'rc-disabled');
  const inHost = (script: string) => inHostNamespace(host, script);
  inHost(
    `for n in 2 3 4 5; do
       [ -d /etc/rc$n.d ] || continue
       rm -rf ${copies}/rc$n.d; mkdir -p ${copies}/rc$n.d
       cp -a /etc/rc$n.d/. ${copies}/rc$n.d/
       rm -f ${copies}/rc$n.d/S[0-9][0-9]${service}
       mount --bind ${copies}/rc$n.d /etc/rc$n.d
     done`,
  );
  return () =>
    void inHost(
      `for n in 2 3 4 5; do mountpoint -q /etc/rc$n.d && umount /etc/rc$n.d || true; done; rm -rf ${copies}`,
    );
}
