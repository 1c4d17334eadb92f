/**
 * The process that drives the window, under plain Node: the real relay code (electron/ipc.ts and
 * the core-process supervisor) with the core in a child process — or, as the reference, the
 * core in this same process as before the split. The window's renderer is another process
 * (renderer-stand-in.ts, bundled for the run): events main sends it are serialised here and deserialised there, as
 * webContents.send does; with a stream port (modes `process`) terminal output goes from the core
 * process to the renderer over a stand-in MessagePort (socket-port.mjs) that this process only
 * brokers; `process-main` is the same split without the port (every byte relayed by main, as
 * before it). N terminals stream output (acked as xterm.js would) while a workflow runs again and
 * again; this process's event-loop delay is measured, and the core child's own — once per lab
 * priority in BENCH_LAB_PRIORITIES (`lab priority`, set before each measurement and put back to
 * normal at the end), each with an idle process beside it. Prints one JSON line.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { superviseCoreProcess } from '../../src-main/electron/core-process/core-supervisor';
import { registerIpc, type EventSink } from '../../src-main/electron/ipc';
import type { DoorServices } from '../../src-main/electron/services';
import { composeServices } from '../../src-main/server/compose';
import { orderedSender, type SocketPort } from '../../testing/electron/socket-port.mjs';
import { forks, handlers, listeners } from './electron-stand-in';
import { startPhase, type Phase } from './lab-side';

const env = process.env;
const mode = env.BENCH_MODE ?? 'process';
const terminals = Number(env.BENCH_TERMINALS ?? 10);
const seconds = Number(env.BENCH_SECONDS ?? 10);
/**
 * The lab side in each measurement, in order (`lab priority`, or `pin`: the lab on a CPU of its
 * own, the desktop side on the others — lab-side.ts): the lab's hosts stand for remote servers,
 * which do not share this machine's CPU on a user's desk.
 */
const priorities = (env.BENCH_LAB_PRIORITIES ?? 'normal').split(',');
const dataDir = env.OPSDECK_HOME ?? '';
const appUrl = 'file:///opt/opsdeck/dist/renderer/index.html';
const identity = {
  isEncryptionAvailable: () => true,
  encryptString: (s: string) => Buffer.from(s),
  decryptString: (b: Buffer) => b.toString(),
};

async function main() {
  const services: DoorServices =
    mode !== 'inprocess'
      ? await superviseCoreProcess({
          entryPath: env.BENCH_CORE_ENTRY ?? '',
          dataDir,
          safeStorage: identity,
          env: { ...env },
        })
      : await composeServices({ door: 'electron', dataDir, areas: 'lazy', safeStorage: identity });
  const ipc = registerIpc(services, appUrl);
  const invoke = handlers.get('opsdeck:invoke');
  if (!invoke) throw new Error('the relay registered no handler');
  // The window's web contents, as ipc.ts keys its core connection by them.
  const sender = { id: 1, once: () => undefined };
  const frame = { senderFrame: { url: appUrl, parent: null }, sender };
  const call = async (method: string, params: unknown) => {
    const envelope = (await invoke(frame, method, params)) as
      { ok: true; value: unknown } | { ok: false; error: { message: string } };
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as Record<string, unknown>;
  };

  // The window's renderer, in its own process: counts terminal output and acks it, like xterm.js
  // after drawing. Its web contents here: send/postMessage go to it in order over Node's IPC.
  const renderer = fork(env.BENCH_RENDERER ?? '', [], {
    serialization: 'advanced',
    env: { ...env, BENCH_STREAM_PORT: mode === 'process' ? '1' : '0' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const toRenderer = orderedSender(renderer);
  const states = new Map<string, string>();
  const contents: EventSink & { id: number } = {
    id: sender.id,
    isDestroyed: () => false,
    once: () => undefined,
    send: (channel, message) => {
      if (message.topic === 'terminal.state')
        states.set(message.payload.terminalId, message.payload.state);
      toRenderer({ channel, message });
    },
  };
  // Its top frame (WebFrameMain), which the stream port is handed to.
  const mainFrame = {
    url: appUrl,
    parent: null,
    isDestroyed: () => false,
    postMessage: (channel: string, message: unknown, [port]: SocketPort[] = []) =>
      toRenderer({ channel, message }, port),
  };
  const portSink = { ...contents, mainFrame };
  const streamRequest = listeners.get('opsdeck:stream-port');
  renderer.on('message', (m: { send?: string; invoke?: { method: string; params: unknown } }) => {
    if (m.send === 'opsdeck:stream-port')
      streamRequest?.({ senderFrame: mainFrame, sender: portSink });
    if (m.invoke) void invoke(frame, m.invoke.method, m.invoke.params);
  });
  /**
   * What the renderer drew so far, the output messages it woke for and the acks it sent; throws
   * if a terminal's seq had a gap (output was lost).
   */
  interface RendererCounts {
    bytes: number;
    messages: number;
    acks: number;
  }
  const rendererCounts = () =>
    new Promise<RendererCounts>((resolve, reject) => {
      const take = (m: Partial<RendererCounts> & { type?: string; gaps?: number }) => {
        if (m.type !== 'bytes') return;
        renderer.off('message', take);
        if (m.gaps) reject(new Error(`the renderer saw ${m.gaps} seq gap(s): output was lost`));
        else resolve({ bytes: m.bytes ?? 0, messages: m.messages ?? 0, acks: m.acks ?? 0 });
      };
      renderer.on('message', take);
      renderer.send({ type: 'bytes?' });
    });
  ipc.forwardEvents(contents);

  // This machine's baseline: the same process's lag with nothing to relay.
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 2_000));
  idle.disable();

  await call('hosts.importLab', { path: env.BENCH_LAB_INVENTORY });
  const hosts = ['db1', 'db2', 'db3'];
  const ids: string[] = [];
  for (let i = 0; i < terminals; i++) {
    const t = await call('terminals.open', { hostId: hosts[i % 3], cols: 160, rows: 48 });
    ids.push(String(t.terminalId));
  }
  const deadline = Date.now() + 30_000;
  while (ids.some((id) => states.get(id) !== 'open')) {
    if (Date.now() > deadline) throw new Error('terminals did not open');
    await new Promise((r) => setTimeout(r, 50));
  }
  // Each terminal streams text for the whole measurement (a real PTY, flow-controlled by acks):
  // every phase, with a wide margin for setting the lab side up between them (a few `lab` commands,
  // slow on a loaded machine) — closing the terminals at the end stops it sooner. A phase whose
  // stream had ended would show no output and be marked NOT COMPARABLE.
  const streamSeconds = priorities.length * (seconds + 60) + 60;
  const stream = `stty -echo; timeout ${streamSeconds} sh -c 'while :; do cat /etc/services; done'\n`;
  for (const id of ids) await call('terminals.write', { terminalId: id, data: stream });
  // And a workflow runs, again and again, the whole time.
  const db1 = await call('hosts.get', { id: 'db1' });
  let workflows = 0;
  let stop = false;
  const workflowLoop = (async () => {
    while (!stop) {
      const { runId } = await call('workflows.start', {
        workflow: 'collect-facts',
        params: { hostIds: [String(db1.id)] },
      });
      for (;;) {
        const run = await call('workflows.run', { runId });
        if (run.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      workflows++;
    }
  })();

  // Steady state: the first run loads the workflow area (a one-off synchronous module load of
  // ~0.5 s in the core on this machine), which would otherwise be what the core's p99 reports.
  const warm = Date.now() + 60_000;
  while (workflows < 1 && Date.now() < warm) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 1_000)); // streams under way
  const child = forks.at(-1);

  const labCli = env.BENCH_LAB_CLI ?? '';
  /** The desktop side: this (the window's) process, the core process and the renderer. */
  const desktopPids = () => [process.pid, child?.pid, renderer.pid];
  /** One measurement of `seconds`, with the lab side as `phase` set it just before. */
  const measure = async (phase: Phase) => {
    await new Promise((r) => setTimeout(r, 500)); // the lab side settles at its new priority
    const childLag = new Promise<Record<string, number> | undefined>((resolve) => {
      if (!child) return resolve(undefined);
      const take = (m: { type?: string }) => {
        if (m?.type !== 'bench-lag') return;
        child.off('message', take);
        resolve(m as Record<string, number>);
      };
      child.on('message', take);
    });
    child?.postMessage({ type: 'bench-lag-start' });
    const sibling = fork(env.BENCH_IDLE_SIBLING ?? '', [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const siblingLag = new Promise<Record<string, number>>((resolve) =>
      sibling.once('message', resolve),
    );
    await new Promise((resolve) => sibling.once('spawn', resolve));
    const lag = monitorEventLoopDelay({ resolution: 5 });
    const before = await rendererCounts();
    const workflowsBefore = workflows;
    const loadStart = loadavg()[0];
    sibling.send({ seconds });
    const cpuBefore = process.cpuUsage();
    lag.enable();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    lag.disable();
    const cpu = process.cpuUsage(cpuBefore);
    const loadEnd = loadavg()[0];
    child?.postMessage({ type: 'bench-lag-stop' });
    const core = await childLag;
    const after = await rendererCounts();
    const ms = (p: number) => lag.percentile(p) / 1e6;
    return {
      level: phase.level,
      labPriority: phase.labSide,
      load: { start: loadStart, end: loadEnd },
      relay: { p50: ms(50), p99: ms(99), max: lag.max / 1e6 },
      core: core ?? null,
      sibling: await siblingLag,
      /** The window process's CPU time over the measurement, in % of one core. */
      cpuPct: ((cpu.user + cpu.system) / 1e3 / (seconds * 1000)) * 100,
      mibPerSec: (after.bytes - before.bytes) / 1024 / 1024 / seconds,
      /** Output messages the renderer woke for, and acks it sent, per second. */
      rendererMessagesPerSec: (after.messages - before.messages) / seconds,
      acksPerSec: (after.acks - before.acks) / seconds,
      workflows: workflows - workflowsBefore,
    };
  };
  const phases = [];
  for (const level of priorities) {
    const phase = await startPhase(labCli, level, desktopPids());
    try {
      // The idle process beside the window is forked by this process: on its CPUs too.
      phases.push(await phase.run(desktopPids, () => measure(phase)));
    } finally {
      await phase.restore(); // also when the measurement failed
    }
  }
  stop = true;
  await workflowLoop;
  for (const id of ids) await call('terminals.close', { terminalId: id });
  await ipc.close(2_000);
  await services.shutdown();
  renderer.kill();
  process.stdout.write(
    `${JSON.stringify({
      mode,
      idle: { p50: idle.percentile(50) / 1e6, p99: idle.percentile(99) / 1e6, max: idle.max / 1e6 },
      phases,
    })}\n`,
  );
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`relay harness: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
