import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelInfo, TunnelSpec } from '../../contract';
import { createEventBus } from '../event-bus';
import { openDatabase } from '../store/database';
import { KnownHostsRepo } from '../store/known-hosts-repo';
import type { NewAuditRecord } from '../store/audit-repo';
import { portIsFree } from '../../../testing/lab/ports';
import { HostKeyTrust, SshPool } from '../ssh';
import { memoryVault } from '../../../testing/ssh/memory-vault';
import { hostKeyAnswers } from '../../../testing/ssh/prompt-answerer';
import { labAddress } from '../../../testing/lab/lab';
import { startTestSshd, type TestSshd } from '../../../testing/ssh/sshd';
import { TunnelManager } from './tunnel-manager';

/**
 * What the lab's sshd cannot show: a server with TCP forwarding disabled, and a server that goes
 * away for good (the tunnel gives up). A private throwaway sshd, never the lab's.
 */
let sshd: TestSshd;
let pool: SshPool;
let tunnels: TunnelManager;
const bus = createEventBus();
const audit: NewAuditRecord[] = [];
const keyDir = mkdtempSync(join(tmpdir(), 'opsdeck-tunnel-key-'));
const keyPath = join(keyDir, 'id_ed25519');

beforeAll(async () => {
  sshd = await startTestSshd(labAddress(247));
  // Forwarding off: rewrite its config, then restart it (rotateHostKey restarts with the config).
  const config = join(sshd.dir, 'sshd_config');
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace('AllowTcpForwarding yes', 'AllowTcpForwarding no'),
  );
  await sshd.rotateHostKey();
  // The key outlives the server (stop() removes its folder): reconnects then fail as refused.
  copyFileSync(sshd.clientKey, keyPath);
  const answers = hostKeyAnswers('accept-once');
  const trust = new HostKeyTrust({
    repo: new KnownHostsRepo(openDatabase(':memory:')),
    prompts: answers.prompts,
    knownHostsFiles: [],
  });
  pool = new SshPool({ trust, vault: memoryVault(), prompts: answers.prompts });
  tunnels = new TunnelManager({
    pool,
    bus,
    clock: { now: () => new Date() },
    audit: { append: (r) => audit.push(r) },
    host: () => sshd.host({ keyPath }),
    reconnectDelays: [0, 100, 100],
    updateMs: 50,
  });
});
afterAll(async () => {
  await tunnels?.closeAll();
  pool?.closeAll();
  await sshd?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

const open = (spec: TunnelSpec) => tunnels.open({ hostId: 'x', spec }, 'cli');

function until(tunnelId: string, check: (i: TunnelInfo) => boolean, ms = 10_000) {
  return new Promise<TunnelInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching tunnel.update')), ms);
    const stop = bus.subscribe((m) => {
      const info = m.payload as TunnelInfo;
      if (m.topic !== 'tunnel.update' || info.tunnelId !== tunnelId || !check(info)) return;
      clearTimeout(timer);
      stop();
      resolve(info);
    });
  });
}

describe('tunnels against an sshd with AllowTcpForwarding no', () => {
  it('-L: each connection is refused with "forwarding disabled"; the tunnel itself stays', async () => {
    const info = await open({
      kind: 'local',
      bindAddress: '127.0.0.1',
      bindPort: 0,
      targetHost: '127.0.0.1',
      targetPort: 22,
    });
    const failed = until(info.tunnelId, (i) => !!i.lastError);
    const socket = connect(info.boundPort!, '127.0.0.1');
    await new Promise((r) => socket.on('error', () => undefined).once('close', r));
    const seen = await failed;
    expect(seen.state).toBe('open');
    expect(seen.lastError).toMatchObject({
      code: 'TUNNEL_FORWARDING_DISABLED',
      hint: expect.stringContaining('AllowTcpForwarding'),
    });
    await tunnels.close(info.tunnelId, 'cli');
  });

  it('-R: the server will not listen: refused at open, nothing left, audited as failed', async () => {
    await expect(
      open({
        kind: 'remote',
        bindAddress: '127.0.0.1',
        bindPort: 0,
        targetHost: '127.0.0.1',
        targetPort: 80,
      }),
    ).rejects.toMatchObject({
      code: 'TUNNEL_REMOTE_BIND_REFUSED',
      hint: expect.stringContaining('AllowTcpForwarding'),
    });
    expect(tunnels.list()).toEqual([]);
    expect(audit.at(-1)).toMatchObject({ action: 'ssh.tunnel.open', outcome: 'failed' });
  });
});

describe('a host that goes away for good', () => {
  it('reconnecting, then error after the retries; the local port is released', async () => {
    const info = await open({ kind: 'dynamic', bindAddress: '127.0.0.1', bindPort: 0 });
    const states: string[] = [];
    const stop = bus.subscribe((m) => {
      const i = m.payload as TunnelInfo;
      if (m.topic === 'tunnel.update' && i.tunnelId === info.tunnelId && states.at(-1) !== i.state)
        states.push(i.state);
    });
    const gaveUp = until(info.tunnelId, (i) => i.state === 'error', 20_000);
    await sshd.stop();
    const last = await gaveUp;
    stop();
    expect(states).toEqual(['reconnecting', 'error']);
    expect(last.lastError).toMatchObject({ code: 'SSH_REFUSED' });
    expect(tunnels.list()[0]).toMatchObject({ state: 'error' });

    expect(await portIsFree(info.boundPort!)).toBe(true);
    expect(await tunnels.close(info.tunnelId, 'cli')).toBe(true);
    expect(tunnels.list()).toEqual([]);
  });
});
