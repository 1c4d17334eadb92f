import type { RemoteExec } from '../../diff/remote-file';
import type { SshEffects } from '../engine/definition';

/** Every exit code is the script's to interpret (10 = changed, 11 = invalid…), none is an error. */
const ANY_EXIT = Array.from({ length: 256 }, (_, i) => i);

/**
 * The diff module's remote-file functions over a workflow's effects: reads run (also while
 * planning), writes are planned, run, logged and audited by the engine.
 */
export function effectsExec(ssh: SshEffects, kind: 'read' | 'write', purpose: string): RemoteExec {
  return (host, command, o) =>
    (kind === 'read' ? ssh.read : ssh.write)(host, command, {
      purpose,
      okCodes: ANY_EXIT,
      ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
      ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    });
}
