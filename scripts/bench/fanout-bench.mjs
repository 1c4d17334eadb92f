// Fan-out: `uptime` on 20 hosts with cluster exec vs a sequential OpenSSH loop.
// Hosts: the lab's db1..db20 when the lab has them (or with --fleet lab, which runs
// `lab up --hosts 20 --no-mysql`: the lab then keeps 20 hosts until `lab down`), otherwise a
// private fleet of throwaway sshd processes on 127.0.21.1-20 (real OpenSSH servers, removed after).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fmt,
  lab,
  labCore,
  labInventoryPath,
  labSshConfig,
  nextEvent,
  run,
  tempHome,
  timed,
} from './measure.mjs';

export async function fanoutBench(core, { hosts: count, fleet }) {
  const labHosts = JSON.parse(readFileSync(labInventoryPath, 'utf8')).hosts.length;
  const useLab = fleet === 'lab' || (fleet !== 'private' && labHosts >= count);
  if (useLab && labHosts < count) lab('up', '--hosts', String(count), '--no-mysql');
  const setup = useLab ? await labFleet(core, count) : await privateFleet(core, count);
  try {
    const reference = await timed(async () => {
      for (const argv of setup.sshArgs) await run('ssh', [...argv, 'uptime']);
    });
    const exec = async () => {
      const { execId } = await setup.call('exec.run', {
        hostIds: setup.hostIds,
        command: 'uptime',
        parallel: count,
        timeoutSec: 60,
      });
      const done = await nextEvent(
        setup.bus,
        'exec.event',
        (e) => e.execId === execId && e.type === 'finished',
      );
      if (done.summary.ok !== count)
        throw new Error(`fan-out: only ${done.summary.ok}/${count} ok`);
    };
    const cold = await timed(exec);
    const warm = await timed(exec);
    return {
      name: `fan-out: uptime on ${count} hosts (${useLab ? 'lab hosts' : 'private sshd fleet'})`,
      opsdeck: `${fmt(cold.ms, 0)} ms cold (new connections), ${fmt(warm.ms, 0)} ms warm (pooled)`,
      reference: `${fmt(reference.ms, 0)} ms (sequential ssh loop)`,
      ratio: reference.ms / cold.ms,
      target: 5,
      extra: `warm (pooled connections): ${fmt(reference.ms / warm.ms)}× faster`,
      cleanup: setup.dispose,
    };
  } catch (err) {
    await setup.dispose();
    throw err;
  }
}

async function labFleet(core, count) {
  const { services, call, dispose } = await labCore(core);
  const names = Array.from({ length: count }, (_, i) => `db${i + 1}`);
  return {
    call,
    bus: services.bus,
    hostIds: names,
    sshArgs: names.map((n) => ['-F', labSshConfig, n]),
    dispose,
  };
}

async function privateFleet(core, count) {
  const sshds = await Promise.all(
    Array.from({ length: count }, (_, i) => core.startTestSshd(`127.0.21.${i + 1}`)),
  );
  const home = tempHome('opsdeck-bench-fleet-');
  const services = await core.composeServices({
    door: 'web',
    dataDir: home.dir,
    vaultPassphrase: 'bench',
    knownHostsFiles: [],
  });
  const call = async (method, params) => {
    const envelope = await services.router.call(method, params, { door: 'web' });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value;
  };
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-kh-'));
  const knownHosts = join(dir, 'known_hosts');
  const lines = [];
  const hostIds = [];
  for (const [i, sshd] of sshds.entries()) {
    const name = `fan${i + 1}`;
    await call('hosts.add', {
      name,
      address: sshd.address,
      port: sshd.port,
      auth: 'key',
      keyPath: sshd.clientKey,
    });
    services.core.trust.trustKeys(sshd.address, sshd.port, [sshd.hostKeyBlob()]);
    lines.push(
      `[${sshd.address}]:${sshd.port} ssh-ed25519 ${sshd.hostKeyBlob().toString('base64')}`,
    );
    hostIds.push(name);
  }
  writeFileSync(knownHosts, `${lines.join('\n')}\n`);
  const sshArgs = sshds.map((sshd) => [
    '-F',
    '/dev/null',
    '-i',
    sshd.clientKey,
    '-p',
    String(sshd.port),
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    `root@${sshd.address}`,
  ]);
  return {
    call,
    bus: services.bus,
    hostIds,
    sshArgs,
    async dispose() {
      await services.shutdown();
      await Promise.all(sshds.map((s) => s.stop()));
      rmSync(dir, { recursive: true, force: true });
      home.remove();
    },
  };
}
