import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerminalStateEvent } from '../../contract';
import { labAddress, labInventory } from '../../../testing/lab/lab';
import {
  eventually,
  labServices,
  nextEvent,
  recordEvents,
} from '../../../testing/core/ssh-fixture';

/** Terminals on the lab: PTY, resize, flow control, disconnect/reconnect, broadcast, session log. */
let s: Awaited<ReturnType<typeof labServices>>;
beforeAll(async () => {
  s = await labServices();
});
afterAll(async () => {
  await s?.dispose();
});

/** Collects a terminal's output; acks it like a renderer would unless told not to. */
function screen(terminalId: string, autoAck = true) {
  let text = '';
  let chars = 0;
  const seqs: number[] = [];
  const stop = s.bus.subscribe((m) => {
    if (m.topic !== 'terminal.data') return;
    const e = m.payload as { terminalId: string; data: string; seq: number };
    if (e.terminalId !== terminalId) return;
    text += e.data;
    chars += e.data.length;
    seqs.push(e.seq);
    if (autoAck) void s.call('terminals.ack', { terminalId, seq: e.seq });
  });
  return {
    get text() {
      return text;
    },
    get chars() {
      return chars;
    },
    seqs,
    clear: () => (text = ''),
    until: (re: RegExp, ms = 10_000) => eventually(() => re.test(text), ms, `output ${re}`),
    stop,
  };
}

const state = (terminalId: string, want: TerminalStateEvent['state']) =>
  nextEvent(
    s.bus,
    'terminal.state',
    (e) => e.terminalId === terminalId && e.state === want,
    20_000,
  );

async function open(hostId = 'db1', extra: { logToFile?: boolean } = {}) {
  const opened = nextEvent(s.bus, 'terminal.state', (e) => e.state === 'open', 20_000);
  const result = await s.call('terminals.open', { hostId, cols: 100, rows: 30, ...extra });
  expect((await opened).terminalId).toBe(result.terminalId);
  return result;
}

describe('terminals against the lab', () => {
  it('a PTY shell: typed input runs, TERM and colour, resize reaches the server', async () => {
    const { terminalId } = await open();
    const out = screen(terminalId);
    await s.call('terminals.write', {
      terminalId,
      data: 'echo "T=$TERM $(hostname) $(tty)"; stty size\n',
    });
    await out.until(/T=xterm-256color db1 \/dev\/pts\/\d+/);
    await out.until(/^30 100\r?$/m);
    await s.call('terminals.resize', { terminalId, cols: 132, rows: 43 });
    await s.call('terminals.write', { terminalId, data: 'stty size\n' });
    await out.until(/^43 132\r?$/m);
    expect(out.seqs).toEqual(out.seqs.map((_, i) => i));
    const [info] = (await s.call('terminals.list', {})).filter((t) => t.terminalId === terminalId);
    expect(info).toMatchObject({
      hostName: 'db1',
      state: 'open',
      cols: 132,
      rows: 43,
      paused: false,
    });
    out.stop();
    expect(await s.call('terminals.close', { terminalId })).toEqual({ closed: true });
    expect((await s.call('terminals.list', {})).map((t) => t.terminalId)).not.toContain(terminalId);
  });

  it('flow control: output stops at ~1 MB unacknowledged and resumes on ack; nothing is lost', async () => {
    const { terminalId } = await open('db2');
    const out = screen(terminalId, false);
    const total = 8 * 1024 * 1024;
    // 8 MiB of 'a' (no newlines, so the PTY adds no CRs), then a marker the echo does not show.
    await s.call('terminals.write', {
      terminalId,
      data: `stty -echo; head -c ${total} /dev/zero | tr '\\0' a; echo; echo END-OF-$((6*7))\n`,
    });
    await eventually(() => out.chars > 1024 * 1024, 20_000, 'first MiB');
    await new Promise((r) => setTimeout(r, 500));
    const held = out.chars;
    expect(held).toBeLessThan(4 * 1024 * 1024); // paused: a window or two in flight at most
    expect(s.core.terminals.info(terminalId).paused).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(out.chars).toBe(held); // really stopped

    // Ack everything as it comes (one cumulative ack covers all before it): the rest flows.
    let acked = -1;
    const ackLoop = setInterval(() => {
      const last = out.seqs.at(-1) ?? -1;
      if (last > acked) void s.call('terminals.ack', { terminalId, seq: last });
      acked = last;
    }, 5);
    try {
      await out.until(/END-OF-42/, 30_000);
    } finally {
      clearInterval(ackLoop);
    }
    const runs = (out.text.match(/a+/g) ?? []).map((r) => r.length);
    expect(Math.max(...runs)).toBe(total);
    out.stop();
    await s.call('terminals.close', { terminalId });
  });

  it('exit ends the terminal with its status; a dropped connection says so and reconnect works', async () => {
    const { terminalId } = await open('db3', { logToFile: true });
    const out = screen(terminalId);
    const closed = state(terminalId, 'closed');
    await s.call('terminals.write', { terminalId, data: 'exit 3\n' });
    expect(await closed).toMatchObject({ reason: 'exited', exitCode: 3 });
    await expect(s.call('terminals.write', { terminalId, data: 'x' })).rejects.toMatchObject({
      code: 'CONFLICT',
      hint: expect.stringContaining('Reconnect'),
    });

    const reopened = state(terminalId, 'open');
    await s.call('terminals.reconnect', { terminalId });
    await reopened;
    // Kill this session's sshd process: the connection drops under the terminal.
    const dropped = state(terminalId, 'closed');
    await s.call('terminals.write', { terminalId, data: 'echo LOGGED-LINE; kill -9 $PPID\n' });
    expect(await dropped).toMatchObject({
      reason: 'disconnected',
      error: {
        code: 'SSH_UNREACHABLE',
        message: expect.stringContaining('db3'),
        hint: expect.stringContaining('Reconnect'),
      },
    });
    expect(s.core.terminals.info(terminalId)).toMatchObject({
      state: 'closed',
      error: { code: 'SSH_UNREACHABLE' },
    });

    const back = state(terminalId, 'open');
    await s.call('terminals.reconnect', { terminalId });
    await back;
    out.clear();
    await s.call('terminals.write', { terminalId, data: 'echo again-$((40+2))\n' });
    await out.until(/again-42/);
    // seq went up by one through both reconnects (an old connection's late ack cannot match).
    expect(out.seqs).toEqual(out.seqs.map((_, i) => out.seqs[0]! + i));
    const logPath = s.core.terminals.info(terminalId).logPath!;
    out.stop();
    await s.call('terminals.close', { terminalId });
    const log = readFileSync(logPath, 'utf8');
    expect(log).toContain('LOGGED-LINE');
    expect(log).toContain('again-42');
    expect(log).toMatch(/\[opsdeck .*\] disconnected/);
  });

  it('broadcast types into every chosen open terminal, and reports the others', async () => {
    const a = await open('db1');
    const b = await open('db2');
    const outA = screen(a.terminalId);
    const outB = screen(b.terminalId);
    const result = await s.call('terminals.broadcast', {
      terminalIds: [a.terminalId, b.terminalId, 'gone'],
      data: 'echo "BCAST $(hostname)"\n',
    });
    expect(result).toEqual({
      written: [a.terminalId, b.terminalId],
      skipped: [{ terminalId: 'gone', reason: expect.stringContaining('no such terminal') }],
    });
    await outA.until(/BCAST db1/);
    await outB.until(/BCAST db2/);
    outA.stop();
    outB.stop();
    await s.call('terminals.close', { terminalId: a.terminalId });
    await s.call('terminals.close', { terminalId: b.terminalId });
  });

  it('a host that refuses: state failed with the reason', async () => {
    await s.call('hosts.add', {
      name: 'nowhere',
      address: labAddress(199),
      auth: 'key',
      keyPath: labInventory().sshKey,
    });
    const rec = recordEvents(s.bus, 'terminal.state');
    const { terminalId } = await s.call('terminals.open', {
      hostId: 'nowhere',
      cols: 80,
      rows: 24,
    });
    await eventually(() =>
      rec.events.some((e) => e.terminalId === terminalId && e.state === 'failed'),
    );
    rec.stop();
    const failed = rec.events.find((e) => e.state === 'failed');
    expect(failed?.error).toMatchObject({
      code: 'SSH_REFUSED',
      message: expect.stringContaining('refused'),
    });
    await s.call('terminals.close', { terminalId });
  });
});
