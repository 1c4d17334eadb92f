import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { OpsdeckError, type EventMessage, type Host } from '../../contract';
import { createEventBus } from '../event-bus';
import type { BatcherOptions } from './output-batcher';
import { TerminalSession } from './terminal-session';

class FakeChannel extends EventEmitter {
  stderr = new EventEmitter();
  pause = vi.fn();
  resume = vi.fn();
  write = vi.fn();
  setWindow = vi.fn();
  close = vi.fn(() => this.emit('close'));
}

class FakeClient extends EventEmitter {
  channels: FakeChannel[] = [];
  shell(_pty: unknown, _opts: unknown, cb: (err: Error | undefined, ch: FakeChannel) => void) {
    const ch = new FakeChannel();
    this.channels.push(ch);
    cb(undefined, ch);
  }
}

const host = { id: 'h1', name: 'db1' } as Host;

function setup(
  acquire?: () => Promise<{ client: FakeClient; release: () => void }>,
  /** null: the terminal's own batching (TERMINAL_BATCH). */
  batch: BatcherOptions | null = { maxChars: 50, maxDelayMs: 1 },
) {
  const bus = createEventBus();
  const events: EventMessage[] = [];
  bus.subscribe((m) => events.push(m));
  const client = new FakeClient();
  const release = vi.fn();
  const session = new TerminalSession(
    {
      pool: { acquire: (acquire ?? (async () => ({ client, release }))) as never },
      bus,
      host: () => host,
      flow: { high: 100, low: 10 },
      ...(batch ? { batch } : {}),
      reconnectDelays: [0, 0, 0],
    },
    80,
    24,
  );
  const states = () =>
    events.filter((e) => e.topic === 'terminal.state').map((e) => e.payload as { state: string });
  return { session, client, release, events, states };
}

describe('TerminalSession', () => {
  it('opens, coalesces output into numbered events, pauses past high water, resumes on ack', async () => {
    const { session, client, events } = setup();
    await session.start();
    expect(session.info().state).toBe('open');
    const ch = client.channels[0]!;
    ch.emit('data', Buffer.from('x'.repeat(60))); // over maxChars: flushed at once
    ch.emit('data', Buffer.from('y'.repeat(60)));
    const data = events.filter((e) => e.topic === 'terminal.data').map((e) => e.payload);
    expect(data).toEqual([
      { terminalId: session.id, data: 'x'.repeat(60), seq: 0 },
      { terminalId: session.id, data: 'y'.repeat(60), seq: 1 },
    ]);
    expect(ch.pause).toHaveBeenCalledTimes(1); // 120 > 100 unacknowledged
    expect(session.info().paused).toBe(true);
    expect(session.ack(0)).toBe(true); // drawn up to seq 0: 60 left, still held
    expect(ch.resume).not.toHaveBeenCalled();
    expect(session.ack(0)).toBe(true); // a repeated ack changes nothing
    expect(session.ack(1)).toBe(false); // drawn up to seq 1: 0 < 10, resumed
    expect(ch.resume).toHaveBeenCalledTimes(1);
  });

  it("a keystroke's echo is emitted at once (no batching delay); a stream then goes once per 16 ms frame", async () => {
    const { session, client, events } = setup(undefined, null); // the terminal's own batching
    await session.start();
    const ch = client.channels[0]!;
    const data = () => events.filter((e) => e.topic === 'terminal.data').map((e) => e.payload);
    vi.useFakeTimers();
    try {
      ch.emit('data', Buffer.from('l'));
      expect(data()).toEqual([{ terminalId: session.id, data: 'l', seq: 0 }]); // same turn
      ch.emit('data', Buffer.from('s')); // the echo's rest: within its short window (5 ms)
      vi.advanceTimersByTime(5);
      expect(data()).toHaveLength(2);
      // From here on a stream: a packet every millisecond goes out once per 16 ms frame.
      for (let t = 0; t < 15; t++) {
        ch.emit('data', Buffer.from(String(t % 10)));
        vi.advanceTimersByTime(1);
      }
      expect(data()).toHaveLength(2); // 15 ms into the frame: still waiting
      vi.advanceTimersByTime(1);
      expect(data()).toHaveLength(3); // 16 ms: the frame's batch
      expect(data()[2]).toEqual({ terminalId: session.id, data: '012345678901234', seq: 2 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('input and window-change go to the channel', async () => {
    const { session, client } = setup();
    await session.start();
    session.write('ls\r');
    session.resize(132, 43);
    expect(client.channels[0]!.write).toHaveBeenCalledWith('ls\r');
    expect(client.channels[0]!.setWindow).toHaveBeenCalledWith(43, 132, 0, 0);
  });

  it('a shell that exits is closed/exited with its status; the lease is released', async () => {
    const { session, client, release, states } = setup();
    await session.start();
    const ch = client.channels[0]!;
    ch.emit('exit', 3);
    ch.emit('close');
    expect(states().at(-1)).toMatchObject({ state: 'closed', reason: 'exited', exitCode: 3 });
    expect(release).toHaveBeenCalled();
    expect(() => session.write('x')).toThrow(/not connected/);
  });

  it('a dropped connection is closed/disconnected with a message that offers reconnect', async () => {
    const { session, client, states } = setup();
    await session.start();
    client.emit('close');
    client.channels[0]!.emit('close');
    expect(states().at(-1)).toMatchObject({
      state: 'closed',
      reason: 'disconnected',
      error: { code: 'SSH_UNREACHABLE', hint: expect.stringContaining('Reconnect') },
    });
    await session.reconnect();
    expect(session.info().state).toBe('open');
    expect(client.channels).toHaveLength(2);
  });

  it("seq keeps rising across a reconnect, so an old connection's late ack is ignored", async () => {
    const { session, client, events } = setup();
    await session.start();
    client.channels[0]!.emit('data', Buffer.from('x'.repeat(60)));
    client.channels[0]!.emit('data', Buffer.from('y'.repeat(60))); // seq 1: paused (120 > 100)
    expect(client.channels[0]!.pause).toHaveBeenCalledTimes(1);
    client.channels[0]!.emit('close');
    await session.reconnect();
    const ch = client.channels[1]!;
    ch.emit('data', Buffer.from('a'.repeat(60))); // seq 2
    ch.emit('data', Buffer.from('b'.repeat(60))); // seq 3: paused again
    const seqs = events
      .filter((e) => e.topic === 'terminal.data')
      .map((e) => (e.payload as { seq: number }).seq);
    expect(seqs).toEqual([0, 1, 2, 3]);
    expect(ch.pause).toHaveBeenCalledTimes(1);
    const resumed = ch.resume.mock.calls.length; // (reset after the reconnect resumes once)
    expect(session.ack(1)).toBe(true); // the old connection's ack: nothing changes, still held
    expect(ch.resume).toHaveBeenCalledTimes(resumed);
    expect(session.ack(3)).toBe(false); // the new connection's: all drawn, resumed
    expect(ch.resume).toHaveBeenCalledTimes(resumed + 1);
  });

  it('reconnect retries network errors with backoff, not authentication failures', async () => {
    const client = new FakeClient();
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls === 1) return { client, release: () => {} };
      if (calls < 4) throw new OpsdeckError('SSH_REFUSED', 'refused', 'start sshd');
      return { client, release: () => {} };
    };
    const { session, states } = setup(flaky);
    await session.start();
    client.channels[0]!.emit('close');
    await session.reconnect();
    expect(calls).toBe(4); // first open + 2 refused + success
    expect(session.info().state).toBe('open');

    const denied = setup(async () => {
      throw new OpsdeckError('SSH_AUTH_FAILED', 'denied', 'fix the key');
    });
    await denied.session.start();
    expect(denied.states().at(-1)).toMatchObject({
      state: 'failed',
      error: { code: 'SSH_AUTH_FAILED' },
    });
    await denied.session.reconnect();
    expect(denied.session.info()).toMatchObject({
      state: 'failed',
      error: { code: 'SSH_AUTH_FAILED' },
    });
    expect(states().map((s) => s.state)).toEqual([
      'connecting',
      'open',
      'closed',
      'connecting',
      'open',
    ]);
  });
});
