import {
  OpsdeckError,
  toErrorShape,
  type ErrorShape,
  type ExecHostStatus,
  type ExecSummary,
} from '../../contract';

/** Counts per final status. */
export function summarize(statuses: readonly ExecHostStatus[]): ExecSummary {
  const summary: ExecSummary = {
    total: statuses.length,
    ok: 0,
    failed: 0,
    unreachable: 0,
    timeout: 0,
    cancelled: 0,
  };
  for (const status of statuses) {
    if (status === 'pending' || status === 'running') continue;
    summary[status]++;
  }
  return summary;
}

/** Hosts to run again for "re-run on failed": everything that did not end ok. */
export function needsRerun(status: ExecHostStatus): boolean {
  return status !== 'ok';
}

/** Whether a run counts as failed for exit codes (CLI): any host not ok. */
export function anyFailed(summary: ExecSummary): boolean {
  return summary.ok !== summary.total;
}

/** Codes meaning the command never ran on the host: connection, auth, host key, channel. */
const UNREACHABLE = new Set<string>([
  'SSH_UNREACHABLE',
  'SSH_DNS_FAILED',
  'SSH_REFUSED',
  'SSH_TIMEOUT',
  'SSH_AUTH_FAILED',
  'SSH_KEY_UNREADABLE',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_REJECTED',
  'HOST_KEY_CHANGED',
  'PROMPT_EXPIRED',
  'VAULT_LOCKED',
  'SECRET_NOT_FOUND',
]);

/**
 * Final status of a host whose exec threw. `timedOut` / `cancelled` say which of our own signals
 * fired (the error itself then only says CANCELLED).
 */
export function statusOfError(
  err: unknown,
  flags: { timedOut: boolean; cancelled: boolean },
): { status: ExecHostStatus; error: ErrorShape } {
  const error = toErrorShape(err);
  if (flags.timedOut || error.code === 'TIMEOUT') return { status: 'timeout', error };
  if (flags.cancelled || error.code === 'CANCELLED') return { status: 'cancelled', error };
  const notStarted =
    typeof err === 'object' &&
    err !== null &&
    (err as { notStarted?: unknown }).notStarted === true;
  if (UNREACHABLE.has(error.code) || notStarted) return { status: 'unreachable', error };
  return { status: 'failed', error };
}

const SUDO_PROMPT =
  /sudo: (a terminal is required|a password is required|no tty present)|\[sudo\] password for|sudo: \d+ incorrect password attempt/i;

/** A failed command whose stderr shows sudo waiting for a password it cannot get. */
export function sudoPasswordError(hostName: string, stderr: string): ErrorShape | undefined {
  if (!SUDO_PROMPT.test(stderr)) return undefined;
  return new OpsdeckError(
    'SUDO_PASSWORD_REQUIRED',
    `sudo on ${hostName} asked for a password; cluster exec cannot type one, so the command failed.`,
    'Allow this command without a password for the SSH user (NOPASSWD in sudoers), or connect as a user that does not need sudo.',
  ).toJSON();
}

/** Error for a command that exited non-zero (none when it exited 0). */
export function exitError(
  hostName: string,
  code: number | null,
  signal: string | undefined,
  stderr: string,
): ErrorShape | undefined {
  if (code === 0) return undefined;
  const sudo = sudoPasswordError(hostName, stderr);
  if (sudo) return sudo;
  const how = signal
    ? `was killed by ${signal}`
    : code === null
      ? 'ended without an exit status'
      : `exited with status ${code}`;
  const lastLine = stderr.trim().split('\n').pop()?.slice(0, 300);
  return {
    code: 'SSH_COMMAND_FAILED',
    message: `The command on ${hostName} ${how}${lastLine ? `: ${lastLine}` : ''}.`,
    hint: 'See the host’s output; fix the cause there, then use “re-run on failed”.',
  };
}
