/**
 * A stand-in for Electron's `utilityProcess` under plain Node: `fork` starts a real Node child
 * (child_process.fork, structured-clone IPC like Electron's ports) whose `process.parentPort` is
 * provided by parent-port-shim.mjs; ports (MessageChannelMain stand-ins, socket-port.mjs) are
 * transferred to it as socket handles. Used by the Electron door tests and the relay bench; it
 * imports nothing from the test runner.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { orderedSender, type SocketPort } from './socket-port.mjs';

export const PARENT_PORT_SHIM = new URL('./parent-port-shim.mjs', import.meta.url).href;

export interface StandInForkOptions {
  env?: NodeJS.ProcessEnv;
  stdio?: string | string[];
  serviceName?: string;
  execArgv?: string[];
}

export class UtilityProcessStandIn extends EventEmitter {
  readonly child: ChildProcess;
  private readonly send: (message: unknown, port?: SocketPort) => void;

  constructor(modulePath: string, args: string[] = [], options: StandInForkOptions = {}) {
    super();
    const quiet = options.stdio === 'ignore';
    this.child = fork(modulePath, args, {
      execArgv: ['--import', PARENT_PORT_SHIM, ...(options.execArgv ?? [])],
      env: options.env ?? process.env,
      serialization: 'advanced',
      stdio: quiet
        ? ['ignore', 'ignore', 'ignore', 'ipc']
        : ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.send = orderedSender(this.child);
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => this.emit('exit', code ?? (signal ? 1 : 0)));
  }

  get pid(): number | undefined {
    return this.child.exitCode === null && !this.child.signalCode ? this.child.pid : undefined;
  }

  /** `transfer`: stand-in ports (socket-port.mjs), at most one per message; order is kept. */
  postMessage(message: unknown, transfer: SocketPort[] = []): void {
    this.send(message, transfer[0]);
  }

  kill(): boolean {
    return this.child.kill();
  }
}

/** Records every process it forks (tests kill them to simulate crashes). */
export function createUtilityProcessStandIn() {
  const forks: UtilityProcessStandIn[] = [];
  return {
    forks,
    fork(modulePath: string, args?: string[], options?: StandInForkOptions) {
      const proc = new UtilityProcessStandIn(modulePath, args, options);
      forks.push(proc);
      return proc;
    },
  };
}
