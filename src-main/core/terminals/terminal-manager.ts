import { OpsdeckError, type Host, type TerminalInfo } from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { SshPool } from '../ssh';
import type { BatcherOptions } from './output-batcher';
import { openSessionLog } from './session-log';
import { TerminalSession } from './terminal-session';

export interface TerminalManagerDeps {
  pool: Pick<SshPool, 'acquire'>;
  bus: EventBus;
  clock: Clock;
  /** Looks a host up by id (throws NOT_FOUND). */
  host: (id: string) => Host;
  /** Folder for session logs (`<dataDir>/terminal-logs`). */
  logDir: string;
  batch?: BatcherOptions;
  reconnectDelays?: number[];
}

export interface OpenTerminal {
  hostId: string;
  cols: number;
  rows: number;
  logToFile?: boolean;
}

/** Every terminal of this core, by id. The doors only ever see ids and events. */
export class TerminalManager {
  private readonly sessions = new Map<string, TerminalSession>();

  constructor(private readonly deps: TerminalManagerDeps) {}

  /** Registers the terminal and starts connecting; state and output arrive as events. */
  open(request: OpenTerminal): { terminalId: string; logPath?: string } {
    const first = this.deps.host(request.hostId);
    const hostId = first.id;
    const now = this.deps.clock.now();
    const log = request.logToFile ? openSessionLog(this.deps.logDir, first.name, now) : undefined;
    const session = new TerminalSession(
      {
        pool: this.deps.pool,
        bus: this.deps.bus,
        // A removed host keeps its last known settings for an open terminal.
        host: () => {
          try {
            return this.deps.host(hostId);
          } catch {
            return first;
          }
        },
        now: () => this.deps.clock.now(),
        ...(log ? { log } : {}),
        ...(this.deps.batch ? { batch: this.deps.batch } : {}),
        ...(this.deps.reconnectDelays ? { reconnectDelays: this.deps.reconnectDelays } : {}),
      },
      request.cols,
      request.rows,
    );
    this.sessions.set(session.id, session);
    void session.start();
    return { terminalId: session.id, ...(log ? { logPath: log.path } : {}) };
  }

  write(terminalId: string, data: string): void {
    this.get(terminalId).write(data);
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.get(terminalId).resize(cols, rows);
  }

  /** Acks may arrive after a close (output flushed on the way out): those are ignored. */
  ack(terminalId: string, seq: number): boolean {
    return this.sessions.get(terminalId)?.ack(seq) ?? false;
  }

  reconnect(terminalId: string): void {
    void this.get(terminalId).reconnect();
  }

  close(terminalId: string): boolean {
    const session = this.sessions.get(terminalId);
    if (!session) return false;
    this.sessions.delete(terminalId);
    session.close();
    return true;
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => s.info());
  }

  info(terminalId: string): TerminalInfo {
    return this.get(terminalId).info();
  }

  /** Same input to several terminals; those not open are reported, not fatal. */
  broadcast(
    terminalIds: readonly string[],
    data: string,
  ): { written: string[]; skipped: { terminalId: string; reason: string }[] } {
    const written: string[] = [];
    const skipped: { terminalId: string; reason: string }[] = [];
    for (const id of new Set(terminalIds)) {
      const session = this.sessions.get(id);
      if (!session) {
        skipped.push({ terminalId: id, reason: 'no such terminal (closed?)' });
      } else if (!session.isOpen()) {
        skipped.push({ terminalId: id, reason: `not connected (${session.info().state})` });
      } else {
        session.write(data);
        written.push(id);
      }
    }
    return { written, skipped };
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  private get(terminalId: string): TerminalSession {
    const session = this.sessions.get(terminalId);
    if (!session) {
      throw new OpsdeckError(
        'NOT_FOUND',
        `No terminal ${terminalId}.`,
        'It was closed; open a new terminal (terminals.list shows the open ones).',
      );
    }
    return session;
  }
}
