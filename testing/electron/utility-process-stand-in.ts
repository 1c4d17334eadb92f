/**
 * A stand-in for Electron's `utilityProcess` under plain Node: `fork` starts a real Node child
 * (child_process.fork, structured-clone IPC like Electron's ports) whose `process.parentPort` is
 * provided by parent-port-shim.cjs. Used by the Electron door tests and the relay bench; it
 * imports nothing from the test runner.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

export const PARENT_PORT_SHIM = new URL('./parent-port-shim.mjs', import.meta.url).href;

export interface StandInForkOptions {
  env?: NodeJS.ProcessEnv;
  stdio?: string | string[];
  serviceName?: string;
  execArgv?: string[];
}

export class UtilityProcessStandIn extends EventEmitter {
  readonly child: ChildProcess;

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
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => this.emit('exit', code ?? (signal ? 1 : 0)));
  }

  get pid(): number | undefined {
    return this.child.exitCode === null && !this.child.signalCode ? this.child.pid : undefined;
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
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
