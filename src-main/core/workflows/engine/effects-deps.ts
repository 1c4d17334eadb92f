import type { Host, PlannedAction } from '../../../contract';
import type { Redactor } from '../../redact';
import type { RemotePipe } from '../../ssh/pipe';
import type { StreamDeps } from '../../ssh/stream';
import type { ExecResult } from './definition';

/** The executor underneath (the SSH pool in production, a fault injector in tests). */
export interface RemoteExecutor {
  exec(
    host: Host,
    command: string,
    options: { signal?: AbortSignal; timeoutMs?: number; stdin?: string },
  ): Promise<ExecResult>;
}

/** What a run's SSH effects (ssh-effects.ts, stream-effects.ts) are built on. */
export interface EffectsDeps {
  executor: RemoteExecutor;
  /** Streams one host's command output into another's (the pool + pipeBetween in production). */
  pipe?: RemotePipe;
  /** Streams between a host and Opsdeck (backups, restores); optional so tests can leave it out. */
  streams?: StreamDeps;
  redactor: Redactor;
  signal: AbortSignal;
  /** Planning: writes are recorded here instead of run. */
  plan?: PlannedAction[];
  log(level: 'cmd' | 'out' | 'warn', text: string): void;
  audit(target: string, action: string, detail: string, outcome: 'ok' | 'failed'): void;
}
