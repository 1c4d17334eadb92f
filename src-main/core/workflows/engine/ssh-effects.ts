import { OpsdeckError, type Host, type PlannedAction } from '../../../contract';
import type { Redactor } from '../../redact';
import type { ExecResult, ShellOptions, SshEffects } from './definition';

/** The executor underneath (the SSH pool in production, a fault injector in tests). */
export interface RemoteExecutor {
  exec(
    host: Host,
    command: string,
    options: { signal?: AbortSignal; timeoutMs?: number; stdin?: string },
  ): Promise<ExecResult>;
}

export interface EffectsDeps {
  executor: RemoteExecutor;
  redactor: Redactor;
  signal: AbortSignal;
  /** Planning: writes are recorded here instead of run. */
  plan?: PlannedAction[];
  log(level: 'cmd' | 'out' | 'warn', text: string): void;
  audit(target: string, action: string, detail: string, outcome: 'ok' | 'failed'): void;
}

const tail = (text: string, max = 2000) => (text.length > max ? `…${text.slice(-max)}` : text);

export function createSshEffects(deps: EffectsDeps): SshEffects {
  const execute = async (host: Host, command: string, options: ShellOptions, write: boolean) => {
    const shown = deps.redactor.text(command);
    deps.plan?.push({ kind: 'ssh', target: host.name, detail: shown, write });
    if (deps.plan && write) {
      return { code: 0, stdout: '', stderr: '', durationMs: 0 } satisfies ExecResult;
    }
    deps.log('cmd', `${host.name}$ ${shown}`);
    let result: ExecResult;
    try {
      result = await deps.executor.exec(host, command, {
        signal: deps.signal,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
      });
    } catch (err) {
      if (write) deps.audit(host.name, 'ssh.exec', shown, 'failed');
      throw err;
    }
    const ok = (options.okCodes ?? [0]).includes(result.code ?? -1);
    if (write)
      deps.audit(host.name, 'ssh.exec', `${shown} → exit ${result.code}`, ok ? 'ok' : 'failed');
    const out = deps.redactor.text(result.stdout.trim());
    if (out && write) deps.log('out', tail(out));
    if (!ok) {
      const stderr = deps.redactor.text(result.stderr.trim());
      throw new OpsdeckError(
        'SSH_COMMAND_FAILED',
        `On ${host.name}, \`${tail(shown, 200)}\` exited with ${result.code ?? result.signal}${stderr ? `: ${tail(stderr, 500)}` : ''}`,
        options.purpose
          ? `This step needed to ${options.purpose}. Fix the cause on ${host.name}, then resume the run.`
          : `Fix the cause on ${host.name}, then resume the run.`,
      );
    }
    return result;
  };
  return {
    read: (host, command, options = {}) => execute(host, command, options, false),
    write: (host, command, options = {}) => execute(host, command, options, true),
  };
}
