// Fan-out: `uptime` on 20 hosts with cluster exec vs a sequential OpenSSH loop.
// Hosts: the lab's db1..db20 (default, `--fleet auto|lab`: runs `lab up --hosts 20 --no-mysql` when
// the lab has fewer, and the lab then keeps 20 hosts until `lab down`); each lab host has its own
// /root like a real host. `--fleet private`: throwaway sshd processes on 127.0.21.1-20 (real OpenSSH
// servers, removed after) without namespaces, so their sessions run this machine's root ~/.bashrc.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fmt,
  lab,
  labCore,
  labInventoryPath,
  labSshConfig,
  machineBusyMs,
  nextEvent,
  run,
  tempHome,
  timed,
  treeCpuMs,
} from './measure.mjs';

export async function fanoutBench(core, { hosts: count, fleet }) {
  const labHosts = JSON.parse(readFileSync(labInventoryPath, 'utf8')).hosts.length;
  const useLab = fleet !== 'private';
  if (useLab && labHosts < count) lab('up', '--hosts', String(count), '--no-mysql');
  const setup = useLab ? await labFleet(core, count) : await privateFleet(core, count);
  // Where the time goes: CPU of the servers (each host's sshd with its sessions: kex, auth, login
  // shell, command), of this process (the core) and of the whole machine, per measured run.
  const account = async (fn) => {
    const remote = treeCpuMs(setup.serverPids);
    const busy = machineBusyMs();
    const own = process.cpuUsage();
    const t = await timed(fn);
    const used = process.cpuUsage(own);
    return {
      ms: t.ms,
      remoteMs: (treeCpuMs(setup.serverPids) - remote) / setup.serverPids.length,
      coreMs: (used.user + used.system) / 1000,
      busyMs: machineBusyMs() - busy,
    };
  };
  try {
    const reference = await account(async () => {
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
    // Context, not the reference: OpenSSH's own fan-out (every ssh process started at once).
    const parallelSsh = await account(() =>
      Promise.all(setup.sshArgs.map((argv) => run('ssh', [...argv, 'uptime']))),
    );
    const cold = await account(exec);
    const warm = await account(exec);
    const cores = cpus().length;
    const measured = setup.serverPids.length > 0;
    const cpu = (r) =>
      `${measured ? fmt(r.remoteMs, 0) : 'n/a'} ms server CPU per host, core ${fmt(r.coreMs, 0)} ms, ` +
      `machine ${fmt((r.busyMs / r.ms / cores) * 100, 0)}% busy`;
    // The floor: every host's server work (sshd + login shell + command) and the core's own work
    // must fit on this machine's cores, since the lab's servers run here too.
    const floor = (r) => (r.remoteMs * count + r.coreMs) / cores;
    const floors = measured
      ? `\n  CPU floor on this machine (server CPU × ${count} hosts + core, over ${cores} cores): ` +
        `cold ${fmt(floor(cold), 0)} ms (measured ${fmt(cold.ms / floor(cold), 2)}× that), ` +
        `warm ${fmt(floor(warm), 0)} ms (${fmt(warm.ms / floor(warm), 2)}×)`
      : '';
    return {
      name: `fan-out: uptime on ${count} hosts (${useLab ? 'lab hosts' : 'private sshd fleet'})`,
      opsdeck: `${fmt(cold.ms, 0)} ms cold (new connections), ${fmt(warm.ms, 0)} ms warm (pooled)`,
      reference: `${fmt(reference.ms, 0)} ms (sequential ssh loop)`,
      ratio: reference.ms / cold.ms,
      target: 5,
      extra:
        `warm (pooled connections): ${fmt(reference.ms / warm.ms)}× faster\n` +
        `  context: ${count} ssh processes at once (OpenSSH in parallel) ${fmt(parallelSsh.ms, 0)} ms, ` +
        `${fmt(reference.ms / parallelSsh.ms)}× the loop; cold Opsdeck is ${fmt(parallelSsh.ms / cold.ms)}× faster than it\n` +
        `  CPU: reference ${cpu(reference)}; cold ${cpu(cold)}; warm ${cpu(warm)}; ` +
        `load ${fmt(loadavg()[0])}` +
        floors,
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
    // db1..db3 are shared with other users of the lab (tests, people), whose sessions would count;
    // the other hosts, when there are some, give a cleaner per-host figure.
    serverPids: labSshdPids(names.length > 3 ? names.slice(3) : names),
    dispose,
  };
}

/** The lab hosts' sshd listener pids (sessions are their children). */
function labSshdPids(names) {
  const status = JSON.parse(lab('status', '--json'));
  return status.hosts.filter((h) => names.includes(h.name) && h.sshd?.up).map((h) => h.sshd.pid);
}

async function privateFleet(core, count) {
  const sshds = await Promise.all(
    Array.from({ length: count }, (_, i) => core.startTestSshd(`127.0.21.${i + 1}`)),
  );
  const home = tempHome('opsdeck-bench-fleet-');
  const services = await core.composeServices({
    door: 'web',
    dataDir: home.dir,
    vaultPassphrase: 'bench-passphrase',
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
    serverPids: [], // not measured for the private fleet
    async dispose() {
      await services.shutdown();
      await Promise.all(sshds.map((s) => s.stop()));
      rmSync(dir, { recursive: true, force: true });
      home.remove();
    },
  };
}
