/**
 * Terminal output bypasses the window's process, on the lab: the desktop door with its core in a
 * separate process (the stand-in utilityProcess) opens a terminal on db1 while the window has no
 * stream port yet, so output comes through main; mid-stream the window asks for its port, and
 * from then on output comes on the port straight from the core — in one unbroken order across the
 * switch, and across a second switch to a new port (a reload) — while input, resize and close
 * still go through main as before.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope, EventMessage, TerminalDataEvent } from '../../contract';
import { invoke, onlyWindow } from '../../../testing/electron/door-harness';
import { startDoorWithCoreProcess } from '../../../testing/electron/core-process-door';
import type { SocketPort } from '../../../testing/electron/socket-port.mjs';
import { labInventoryPath } from '../../../testing/lab/lab';
import { STREAM_PORT_CHANNEL, type StreamBatch } from '../stream-port-protocol';

const fake = await vi.hoisted(async () =>
  (await import('../../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

describe('terminal output on the stream port', () => {
  let door: Awaited<ReturnType<typeof startDoorWithCoreProcess>>;

  beforeAll(async () => {
    door = await startDoorWithCoreProcess(fake, { prefix: 'opsdeck-stream-' });
  }, 60_000);

  afterAll(() => door.quit(), 30_000);

  it('switches mid-stream from main to the port without reordering; input, resize and close still work', async () => {
    const contents = onlyWindow(fake).webContents;
    const frame = { senderFrame: contents.mainFrame, sender: contents };
    const call = async (method: string, params: unknown) => {
      const envelope = await invoke(fake, frame, method, params);
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
      return envelope.value as Record<string, unknown>;
    };
    const fromMain = (topic: string) =>
      contents.send.mock.calls
        .map(([, m]) => m as EventMessage)
        .filter((m) => m.topic === topic)
        .map((m) => m.payload);

    await call('hosts.importLab', { path: labInventoryPath });
    const terminalId = String(
      (await call('terminals.open', { hostId: 'db1', cols: 120, rows: 40 })).terminalId,
    );
    const stateOf = () =>
      (fromMain('terminal.state') as { terminalId: string; state: string; reason?: string }[])
        .filter((s) => s.terminalId === terminalId)
        .at(-1);
    await vi.waitFor(() => expect(stateOf()?.state).toBe('open'), { timeout: 20_000 });

    // Output through main, acked through main (as the preload does before it has a port).
    const mainData: TerminalDataEvent[] = [];
    const seenMain = new Set<unknown>();
    const ackMain = setInterval(() => {
      for (const d of fromMain('terminal.data') as TerminalDataEvent[]) {
        if (seenMain.has(d) || d.terminalId !== terminalId) continue;
        seenMain.add(d);
        mainData.push(d);
        void call('terminals.ack', { terminalId, seq: d.seq });
      }
    }, 5);
    // An endless stream until interrupted: the switch happens while output flows, however fast.
    await call('terminals.write', {
      terminalId,
      data: 'stty -echo; i=0; while :; do i=$((i+1)); echo "line $i"; done\n',
    });
    await vi.waitFor(() => expect(mainData.some((d) => d.data.includes('line '))).toBe(true), {
      timeout: 20_000,
    });

    // The window asks for its port (as its preload does at load).
    fake.state.ipcListeners.get(STREAM_PORT_CHANNEL)?.(frame);
    await vi.waitFor(() => expect(contents.postMessage).toHaveBeenCalledTimes(1), {
      timeout: 10_000,
    });
    const sendsBeforePort = contents.send.mock.calls.length;
    clearInterval(ackMain);
    const [channel, , [port]] = contents.postMessage.mock.calls[0] as [string, null, SocketPort[]];
    expect(channel).toBe(STREAM_PORT_CHANNEL);
    // Whatever main sent before handing the port over is the output up to the switch.
    for (const d of fromMain('terminal.data') as TerminalDataEvent[])
      if (!seenMain.has(d) && d.terminalId === terminalId) mainData.push(d);

    const portData: TerminalDataEvent[] = [];
    const acks: Envelope<unknown>[] = [];
    let nextAck = 0;
    let current = port!;
    const take = (data: StreamBatch) => {
      for (const item of data.items) {
        if ('reply' in item) acks.push(item.reply.envelope);
        else if (item.event.payload.terminalId === terminalId) {
          portData.push(item.event.payload);
          const params = { terminalId, seq: item.event.payload.seq };
          current.postMessage({ call: { id: ++nextAck, method: 'terminals.ack', params } });
        }
      }
    };
    port!.on('message', ({ data }: { data: StreamBatch }) => take(data));
    port!.start();
    await vi.waitFor(() => expect(portData.length).toBeGreaterThan(2), { timeout: 20_000 });

    // A reload mid-stream asks for a new port: the core sends what it holds on the old one,
    // closes it, then uses the new one (read after the old one ends, as the preload does).
    const oldClosed = new Promise<void>((resolve) => port!.once('close', resolve));
    fake.state.ipcListeners.get(STREAM_PORT_CHANNEL)?.(frame);
    await vi.waitFor(() => expect(contents.postMessage).toHaveBeenCalledTimes(2), {
      timeout: 10_000,
    });
    const [, , [replacement]] = contents.postMessage.mock.calls[1] as [string, null, SocketPort[]];
    const held: StreamBatch[] = [];
    let switched = false;
    replacement!.on('message', ({ data }: { data: StreamBatch }) =>
      switched ? take(data) : held.push(data),
    );
    replacement!.start();
    await oldClosed;
    switched = true;
    current = replacement!;
    acks.length = 0;
    nextAck = 0;
    for (const data of held.splice(0)) take(data);
    const atSwitch = portData.length;
    await vi.waitFor(() => expect(portData.length).toBeGreaterThan(atSwitch + 2), {
      timeout: 20_000,
    });
    await call('terminals.write', { terminalId, data: '\x03' });
    await call('terminals.write', { terminalId, data: 'echo STREAM-$((40+2))-END\n' });
    const text = () => portData.map((d) => d.data).join('');
    await vi.waitFor(() => expect(text()).toContain('STREAM-42-END'), { timeout: 20_000 });

    // One order: main's part then the port's, seq without a gap or a repeat.
    const all = [...mainData, ...portData];
    expect(all.map((d) => d.seq)).toEqual(all.map((_d, i) => all[0]!.seq + i));
    const lines = all
      .map((d) => d.data)
      .join('')
      .split(/\r?\n/)
      .flatMap((l) => /^line (\d+)$/.exec(l)?.slice(1) ?? [])
      .map(Number);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines).toEqual(lines.map((_n, i) => lines[0]! + i));
    // Once the port was handed over, main carried no more terminal output.
    const laterFromMain = contents.send.mock.calls
      .slice(sendsBeforePort)
      .filter(([, m]) => (m as EventMessage).topic === 'terminal.data');
    expect(laterFromMain).toEqual([]);
    // The acks went through the router in the core.
    await vi.waitFor(() => expect(acks.length).toBe(nextAck));
    expect(acks.every((a) => a.ok)).toBe(true);

    // Resize and close still through main; the state change still reaches the window.
    expect(await call('terminals.resize', { terminalId, cols: 100, rows: 30 })).toEqual({
      ok: true,
    });
    await call('terminals.write', { terminalId, data: 'exit\n' });
    await vi.waitFor(() => expect(stateOf()).toMatchObject({ state: 'closed', reason: 'exited' }), {
      timeout: 20_000,
    });
    replacement!.close();
  }, 90_000);
});
