// Terminal pipeline: `cat` of a large file on a lab host into the terminal data path of web mode
// (ssh2 shell channel with PTY → batching + flow control → bus → WebSocket → client acks), against
// OpenSSH `ssh host cat file > /dev/null`. Also the core's event-loop delay while it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { fmt, labCore, labSshConfig, run, streamTime } from './measure.mjs';

const MARKER = 'BENCH-42-DONE';

export async function terminalBench(core, { sizeMb }) {
  const bytes = sizeMb * 1024 * 1024;
  const file = `/tmp/opsdeck-bench-${sizeMb}m.txt`;
  const ssh = (cmd) => run('ssh', ['-F', labSshConfig, 'db1', cmd]);
  // Text (base64 lines of 99 chars), so the PTY and the UTF-8 path do real work.
  await ssh(
    `test "$(stat -c %s ${file} 2>/dev/null)" = ${bytes} || ` +
      `(head -c ${Math.ceil(bytes * 0.76)} /dev/urandom | base64 -w 99 | head -c ${bytes} > ${file})`,
  );

  // Reference: first byte to end of `ssh db1 cat file` (its connection setup is not counted,
  // just as the Opsdeck terminal is already open when the clock starts).
  let refMs = Infinity;
  for (let i = 0; i < 2; i++) {
    const r = await streamTime('ssh', ['-F', labSshConfig, 'db1', `cat ${file}`]);
    if (r.bytes !== bytes) throw new Error(`reference read ${r.bytes} bytes`);
    refMs = Math.min(refMs, r.ms);
  }
  // Context: the same through a PTY (ssh -tt), which is what a terminal is: the PTY ceiling.
  let ptyMs = Infinity;
  for (let i = 0; i < 2; i++) {
    const r = await streamTime('ssh', [
      '-tt',
      '-F',
      labSshConfig,
      'db1',
      `stty -echo; cat ${file}`,
    ]);
    ptyMs = Math.min(ptyMs, r.ms);
  }
  const pty = { ms: ptyMs };

  const { services, dispose } = await labCore(core);
  const staticDir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-static-'));
  const server = await core.startWebServer({ connect: services.connect, staticDir });
  let lag;
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 1000));
  idle.disable();
  // The renderer's protocol (binary terminal frames) and, for comparison in the same run, plain
  // JSON frames; alternated, best of two each.
  const client = async (frames) => {
    const worker = new Worker(new URL('./terminal-client.mjs', import.meta.url), {
      workerData: {
        port: server.port,
        token: server.token,
        hostId: 'db1',
        command: `stty -echo; cat ${file}; echo; echo BENCH-$((6*7))-DONE\n`,
        marker: MARKER,
        frames,
      },
    });
    // CPU of this process (core + client worker) while the data flows: less distorted by other
    // load on the machine than the wall clock.
    const cpu = process.cpuUsage();
    try {
      const r = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      if (r.error) throw new Error(`terminal bench (${frames} frames): ${r.error}`);
      const used = process.cpuUsage(cpu);
      return { ...r, cpuMs: (used.user + used.system) / 1000 };
    } finally {
      await worker.terminate();
    }
  };
  let result;
  let json;
  try {
    for (let i = 0; i < 2; i++) {
      const runLag = monitorEventLoopDelay({ resolution: 10 });
      runLag.enable();
      const r = await client('binary');
      runLag.disable();
      if (!result || r.ms < result.ms) [result, lag] = [r, runLag];
      const j = await client('json');
      if (!json || j.ms < json.ms) json = j;
    }
  } finally {
    await server.close();
    await dispose();
    rmSync(staticDir, { recursive: true, force: true });
  }

  const opsMbps = sizeMb / (result.ms / 1000);
  const refMbps = sizeMb / (refMs / 1000);
  const ptyMbps = sizeMb / (pty.ms / 1000);
  const ms = (h, p) => fmt(h.percentile(p) / 1e6);
  return {
    name: `terminal: cat ${sizeMb} MiB (web mode data path)`,
    opsdeck: `${fmt(opsMbps)} MiB/s (${fmt(result.ms / 1000, 2)} s, ${result.events} events, ${fmt(result.chars / 1024 / 1024)} MiB chars)`,
    reference: `${fmt(refMbps)} MiB/s (ssh host cat, first byte to end: ${fmt(refMs / 1000, 2)} s)`,
    ratio: opsMbps / refMbps,
    target: 0.5,
    extra:
      `vs OpenSSH through a PTY too (ssh -tt, ${fmt(ptyMbps)} MiB/s): ${fmt(opsMbps / ptyMbps, 2)}×` +
      ` (the PTY ceiling: ssh -tt / ssh = ${fmt(ptyMbps / refMbps, 2)}×)\n` +
      `  same path with JSON text frames instead of binary ones: ${fmt(sizeMb / (json.ms / 1000))} MiB/s\n` +
      `  CPU of core + client (same process) per run: ${fmt(result.cpuMs / 1000, 2)} s binary, ` +
      `${fmt(json.cpuMs / 1000, 2)} s JSON; machine load ${loadavg()[0].toFixed(1)}\n` +
      `  core event-loop delay during that run: p50 ${ms(lag, 50)} ms, p99 ${ms(lag, 99)} ms, ` +
      `max ${fmt(lag.max / 1e6)} ms (idle baseline on this machine: p50 ${ms(idle, 50)} ms, ` +
      `p99 ${ms(idle, 99)} ms, max ${fmt(idle.max / 1e6)} ms)`,
    cleanup: () => ssh(`rm -f ${file}`),
  };
}
