import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Host } from '../../src-main/contract';
import { fingerprintOf } from '../../src-main/core/ssh/fingerprint';

/**
 * A throwaway OpenSSH server for integration tests, independent of the lab: its own host key,
 * authorized key and config in a temp dir, listening on a loopback address only.
 */
export interface TestSshd {
  address: string;
  port: number;
  dir: string;
  /** Authorized client key (no passphrase). */
  clientKey: string;
  /** Authorized client key encrypted with {@link passphrase}. */
  encryptedKey: string;
  passphrase: string;
  /** A valid key that is NOT authorized. */
  wrongKey: string;
  /** Blob of the server's current host key. */
  hostKeyBlob(): Buffer;
  /** `SHA256:…` fingerprint of the current host key, as Opsdeck and ssh-keygen print it. */
  hostKeyFingerprint(): string;
  /** New host key (as after a reinstall), of `type` if given; restarts sshd. */
  rotateHostKey(type?: TestSshdOptions['hostKeyType']): Promise<void>;
  /** Kill every per-connection sshd process: clients see their connection drop. */
  dropConnections(): number;
  /** sshd's own log so far. */
  log(): string;
  host(overrides?: Partial<Host>): Host;
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

export interface TestSshdOptions {
  /** The only host key the server has (e.g. 'rsa' to play a server that offers RSA only). */
  hostKeyType?: 'ed25519' | 'rsa' | 'ecdsa';
}

export async function startTestSshd(
  address: string,
  port = 2222,
  options: TestSshdOptions = {},
): Promise<TestSshd> {
  if (!address.startsWith('127.')) throw new Error('Test sshd listens on loopback only');
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-sshd-'));
  const keygen = (file: string, passphrase = '', type = 'ed25519') =>
    execFileSync('ssh-keygen', [
      '-q',
      '-t',
      type,
      '-N',
      passphrase,
      '-C',
      'opsdeck-test',
      '-f',
      file,
    ]);
  let hostKeyType = options.hostKeyType ?? 'ed25519';
  const hostKey = join(dir, 'ssh_host_key');
  const clientKey = join(dir, 'client_ed25519');
  const encryptedKey = join(dir, 'client_encrypted');
  const wrongKey = join(dir, 'wrong_ed25519');
  const passphrase = 'correct horse battery';
  keygen(hostKey, '', hostKeyType);
  keygen(clientKey);
  keygen(encryptedKey, passphrase);
  keygen(wrongKey);
  writeFileSync(
    join(dir, 'authorized_keys'),
    [clientKey, encryptedKey].map((k) => readFileSync(`${k}.pub`, 'utf8').trim()).join('\n') + '\n',
  );
  writeFileSync(join(dir, 'banner'), 'Opsdeck test server\n');
  const home = join(dir, 'home');
  mkdirSync(home, { mode: 0o700 });
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${address}:${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `Banner ${join(dir, 'banner')}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'UseDNS no',
      'PrintMotd no',
      'AllowTcpForwarding yes',
      'MaxStartups 100',
      'MaxSessions 20',
      'LogLevel DEBUG1', // tests read channel requests (e.g. signal) from the log
      '',
    ].join('\n'),
  );

  // -E (not -e): with -e, session children would also write debug lines into the commands' stderr.
  const logFile = join(dir, 'sshd.log');
  const logText = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  let child: ChildProcess | undefined;
  const start = async () => {
    // In its own mount namespace with an empty /root: sessions must not run the machine's root
    // ~/.bashrc (a shell killed mid `pyenv rehash` there leaves a lock that stalls every later
    // session 60 s — the lab hosts have their own /root for the same reason, scripts/lab/namespace.mjs).
    // unshare execs (no --fork), so the child's pid is sshd's.
    const proc = spawn(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        'mount --bind "$1" /root && exec "$2" -D -E "$3" -f "$4"',
        'sh',
        home,
        SSHD,
        logFile,
        config,
      ],
      { stdio: 'ignore' },
    );
    child = proc;
    await waitForPort(address, port, () => proc.exitCode !== null, logText);
  };
  const stopServer = async () => {
    const proc = child;
    child = undefined;
    if (!proc?.pid || proc.exitCode !== null) return;
    killDescendants(proc.pid);
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  await start();

  return {
    address,
    port,
    dir,
    clientKey,
    encryptedKey,
    passphrase,
    wrongKey,
    hostKeyBlob: () =>
      Buffer.from(readFileSync(`${hostKey}.pub`, 'utf8').split(/\s+/)[1] as string, 'base64'),
    hostKeyFingerprint: () =>
      fingerprintOf(
        Buffer.from(readFileSync(`${hostKey}.pub`, 'utf8').split(/\s+/)[1] as string, 'base64'),
      ),
    async rotateHostKey(type) {
      await stopServer();
      hostKeyType = type ?? hostKeyType;
      rmSync(hostKey, { force: true });
      rmSync(`${hostKey}.pub`, { force: true });
      keygen(hostKey, '', hostKeyType);
      await start();
    },
    dropConnections: () => (child?.pid ? killDescendants(child.pid) : 0),
    log: logText,
    host: (overrides = {}) => ({
      id: `test-${address}`,
      name: `test-${address.split('.').pop()}`,
      address,
      port,
      user: 'root',
      auth: 'key',
      keyPath: clientKey,
      groups: [],
      tags: [],
      profile: { sudo: false },
      notes: '',
      source: 'manual',
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString(),
      ...overrides,
    }),
    async stop() {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Kill (by pid) every process below `pid`; returns how many were signalled. */
function killDescendants(pid: number): number {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(name));
      parents.set(ppid, list);
    } catch {
      // The process went away while we looked.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  for (const p of found) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return found.length;
}

async function waitForPort(
  address: string,
  port: number,
  died: () => boolean,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (died()) throw new Error(`test sshd exited:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: address, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`test sshd did not listen on ${address}:${port}:\n${log()}`);
}
