// Terminal pipeline: `cat` of a large file on a lab host into the terminal data path of web mode
// (ssh2 shell channel with PTY → batching + flow control → bus → WebSocket → client acks), against
// OpenSSH `ssh host cat file > /dev/null`. Also the core's event-loop delay while it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  // Context: the same through a PTY (ssh -tt), which is what a terminal is.
  const pty = await streamTime('ssh', [
    '-tt',
    '-F',
    labSshConfig,
    'db1',
    `stty -echo; cat ${file}`,
  ]);

  const { services, dispose } = await labCore(core);
  const staticDir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-static-'));
  const server = await core.startWebServer({
    router: services.router,
    bus: services.bus,
    staticDir,
  });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 1000));
  idle.disable();
  let result;
  try {
    lag.enable();
    const worker = new Worker(new URL('./terminal-client.mjs', import.meta.url), {
      workerData: {
        port: server.port,
        token: server.token,
        hostId: 'db1',
        command: `stty -echo; cat ${file}; echo; echo BENCH-$((6*7))-DONE\n`,
        marker: MARKER,
      },
    });
    result = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    lag.disable();
    await worker.terminate();
  } finally {
    await server.close();
    await dispose();
    rmSync(staticDir, { recursive: true, force: true });
  }
  if (result.error) throw new Error(`terminal bench: ${result.error}`);

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
      `vs OpenSSH through a PTY too (ssh -tt, ${fmt(ptyMbps)} MiB/s): ${fmt(opsMbps / ptyMbps, 2)}×\n` +
      `  core event-loop delay during the run: p50 ${ms(lag, 50)} ms, p99 ${ms(lag, 99)} ms, ` +
      `max ${fmt(lag.max / 1e6)} ms (idle baseline on this machine: p50 ${ms(idle, 50)} ms, ` +
      `p99 ${ms(idle, 99)} ms, max ${fmt(idle.max / 1e6)} ms)`,
    cleanup: () => ssh(`rm -f ${file}`),
  };
}
