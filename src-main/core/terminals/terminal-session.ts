import { randomUUID } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import {
  OpsdeckError,
  TERMINAL_FRAME_MS,
  toErrorShape,
  type ErrorShape,
  type Host,
  type TerminalInfo,
  type TerminalState,
  type TerminalStateEvent,
} from '../../contract';
import type { EventBus } from '../event-bus';
import { backoffDelays, isTransient } from '../ssh/backoff';
import { sleep } from '../common/wait';
import { onShared } from '../ssh/shared-listener';
import type { Lease, SshPool } from '../ssh';
import { FlowControl } from './flow-control';
import { OutputBatcher, type BatcherOptions } from './output-batcher';
import type { SessionLog } from './session-log';

export interface TerminalSessionDeps {
  pool: Pick<SshPool, 'acquire'>;
  bus: EventBus;
  /** Re-read on every (re)connect: the host's settings may have changed meanwhile. */
  host: () => Host;
  log?: SessionLog;
  now?: () => Date;
  flow?: { high?: number; low?: number };
  batch?: BatcherOptions;
  /** Reconnect schedule (ms before each attempt); default 0, 1, 2, 4, 8 s. */
  reconnectDelays?: number[];
}

/** What the server is asked for: xterm.js speaks xterm-256color and 24-bit colour. */
const PTY = { term: 'xterm-256color' } as const;
const ENV = { COLORTERM: 'truecolor' };
/**
 * Output while a terminal streams goes out once per display frame (fewer, larger messages: fewer
 * wake-ups for every process they cross); the first output after a quiet frame — a keystroke's
 * echo — goes at once, and the rest of a multi-packet echo or redraw within 5 ms of it.
 */
export const TERMINAL_BATCH: BatcherOptions = {
  maxDelayMs: TERMINAL_FRAME_MS,
  immediateWhenIdle: true,
  afterIdleMs: 5,
};

/**
 * One terminal: an SSH shell channel with a PTY on the host's pooled connection. Output is
 * coalesced into `terminal.data` events and held back (channel paused) while the renderer is
 * more than ~1 MB behind on acks. A dropped connection leaves the terminal `closed` with reason
 * `disconnected`; reconnect() opens a new shell, retrying with backoff on network errors.
 */
export class TerminalSession {
  readonly id = randomUUID();
  readonly openedAt: string;
  private state: TerminalState = 'connecting';
  private error: ErrorShape | undefined;
  private channel: ClientChannel | undefined;
  private lease: Lease | undefined;
  private connecting: AbortController | undefined;
  private generation = 0;
  private seq = 0;
  private readonly flow: FlowControl;
  private readonly batcher: OutputBatcher;

  constructor(
    private readonly deps: TerminalSessionDeps,
    public cols: number,
    public rows: number,
  ) {
    this.openedAt = (deps.now?.() ?? new Date()).toISOString();
    this.flow = new FlowControl(deps.flow?.high, deps.flow?.low);
    this.batcher = new OutputBatcher((data) => this.emitData(data), {
      ...TERMINAL_BATCH,
      ...deps.batch,
    });
  }

  get logPath(): string | undefined {
    return this.deps.log?.path;
  }

  get hostId(): string {
    return this.deps.host().id;
  }

  info(): TerminalInfo {
    const host = this.deps.host();
    return {
      terminalId: this.id,
      hostId: host.id,
      hostName: host.name,
      state: this.state,
      cols: this.cols,
      rows: this.rows,
      openedAt: this.openedAt,
      paused: this.flow.isPaused,
      ...(this.logPath ? { logPath: this.logPath } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** First connect: one attempt (a failure is shown at once; the user can reconnect). */
  start(): Promise<void> {
    return this.connectLoop([0]);
  }

  /** Connect again after a close or failure; no-op while open or connecting. */
  reconnect(): Promise<void> {
    if (this.state === 'open' || this.state === 'connecting') return Promise.resolve();
    this.deps.log?.note('reconnecting');
    return this.connectLoop(this.deps.reconnectDelays ?? backoffDelays());
  }

  write(data: string): void {
    const channel = this.requireOpen();
    channel.write(data);
  }

  isOpen(): boolean {
    return this.state === 'open' && !!this.channel;
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    // window-change: rows, cols, then pixel height/width (0 = unknown).
    if (this.state === 'open') this.channel?.setWindow(rows, cols, 0, 0);
  }

  /** The renderer has drawn all output up to `seq`; returns whether output is still held back. */
  ack(seq: number): boolean {
    if (this.flow.ack(seq)) this.channel?.resume();
    return this.flow.isPaused;
  }

  /** Close for good (the door closed the tab). */
  close(): void {
    this.connecting?.abort();
    this.generation++;
    const channel = this.channel;
    this.channel = undefined;
    try {
      channel?.close();
    } catch {
      // Already gone.
    }
    this.batcher.end();
    this.releaseLease();
    this.deps.log?.note('closed');
    this.deps.log?.close();
    if (this.state !== 'closed' && this.state !== 'failed')
      this.setState('closed', { reason: 'closed' });
  }

  private async connectLoop(delays: number[]): Promise<void> {
    const controller = new AbortController();
    this.connecting = controller;
    this.error = undefined;
    this.setState('connecting');
    let last: ErrorShape | undefined;
    for (const delay of delays) {
      try {
        await sleep(delay, controller.signal);
        await this.connectOnce(controller.signal);
        return;
      } catch (err) {
        if (controller.signal.aborted) return;
        last = toErrorShape(err);
        if (!isTransient(last)) break;
      }
    }
    if (this.connecting !== controller) return;
    this.connecting = undefined;
    const error = last ?? toErrorShape(new Error('no connection attempt was made'));
    this.error = error;
    this.setState('failed', { error });
  }

  private async connectOnce(signal: AbortSignal): Promise<void> {
    const host = this.deps.host();
    const lease = await this.deps.pool.acquire(host, signal);
    let channel: ClientChannel;
    try {
      channel = await openShell(lease.client, { ...PTY, cols: this.cols, rows: this.rows }, host);
    } catch (err) {
      lease.release();
      throw err;
    }
    if (signal.aborted) {
      channel.close();
      lease.release();
      return;
    }
    this.connecting = undefined;
    this.lease = lease;
    this.channel = channel;
    const generation = ++this.generation;
    // seq keeps rising across reconnects: an old connection's late ack is below the new base.
    if (this.flow.reset()) channel.resume();
    this.wire(channel, lease.client, generation, host);
    this.setState('open');
  }

  private wire(channel: ClientChannel, client: Client, generation: number, host: Host): void {
    let exit: { code?: number; signal?: string } | undefined;
    let connectionLost = false;
    const current = () => generation === this.generation;
    const onData = (data: Buffer) => {
      if (!current()) return;
      this.deps.log?.write(data);
      this.batcher.push(data);
    };
    const onClientClose = () => {
      connectionLost = true;
      // A paused channel only reports 'close' once its buffer is read: drain what arrived.
      channel.resume();
    };
    const unwatchClose = onShared(client, 'close', onClientClose);
    channel.on('data', onData);
    channel.stderr.on('data', onData);
    channel.on('exit', (code: number | null, signal?: string) => {
      exit = { ...(typeof code === 'number' ? { code } : {}), ...(signal ? { signal } : {}) };
    });
    channel.on('error', () => {
      // 'close' follows; the state change happens there.
    });
    channel.once('close', () => {
      unwatchClose();
      if (!current()) return;
      this.generation++;
      this.channel = undefined;
      this.batcher.end();
      this.releaseLease();
      if (exit && !connectionLost) {
        this.deps.log?.note(
          `shell exited${exit.code !== undefined ? ` with status ${exit.code}` : ''}`,
        );
        this.setState('closed', {
          reason: 'exited',
          ...(exit.code !== undefined ? { exitCode: exit.code } : {}),
        });
        return;
      }
      const error: ErrorShape = {
        code: 'SSH_UNREACHABLE',
        message: `The connection to ${host.name} was lost; the terminal is disconnected.`,
        hint: 'Reconnect when the host is reachable again (output so far is kept).',
      };
      this.error = error;
      this.deps.log?.note('disconnected');
      this.setState('closed', { reason: 'disconnected', error });
    });
  }

  private emitData(data: string): void {
    const seq = this.seq++;
    this.deps.bus.emit('terminal.data', { terminalId: this.id, data, seq });
    if (this.flow.sent(seq, data.length)) this.channel?.pause();
  }

  private requireOpen(): ClientChannel {
    if (this.state === 'open' && this.channel) return this.channel;
    const host = this.deps.host();
    throw new OpsdeckError(
      'CONFLICT',
      `The terminal on ${host.name} is ${this.state === 'connecting' ? 'still connecting' : 'not connected'}.`,
      this.state === 'connecting' ? 'Wait for it to open.' : 'Reconnect it first.',
    );
  }

  private releaseLease(): void {
    this.lease?.release();
    this.lease = undefined;
  }

  private setState(
    state: TerminalState,
    extra: Omit<TerminalStateEvent, 'terminalId' | 'state'> = {},
  ) {
    this.state = state;
    if (state === 'open') this.error = undefined;
    this.deps.bus.emit('terminal.state', { terminalId: this.id, state, ...extra });
  }
}

function openShell(
  client: Client,
  pty: { term: string; cols: number; rows: number },
  host: Host,
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) =>
      reject(
        new OpsdeckError(
          'SSH_CHANNEL_FAILED',
          `Could not open a shell on ${host.name}: ${err instanceof Error ? err.message : String(err)}.`,
          'The server may limit sessions per connection (MaxSessions) or refuse PTYs; close other terminals or retry.',
          { cause: err },
        ),
      );
    try {
      client.shell(pty, { env: ENV }, (err, channel) => (err ? fail(err) : resolve(channel)));
    } catch (err) {
      fail(err);
    }
  });
}
