/**
 * Stable error codes that cross every door. `code` never changes meaning; `message` says what
 * happened; `hint` says what the user should do next.
 */
export const ERROR_CODES = [
  'INVALID_PARAMS',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'TIMEOUT',
  'CANCELLED',
  'INTERNAL',
  'VAULT_LOCKED',
  'VAULT_BAD_PASSPHRASE',
  'SECRET_NOT_FOUND',
  'IMPORT_FAILED',
  'SSH_UNREACHABLE',
  'SSH_DNS_FAILED',
  'SSH_REFUSED',
  'SSH_TIMEOUT',
  'SSH_AUTH_FAILED',
  'SSH_KEY_UNREADABLE',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_REJECTED',
  'HOST_KEY_CHANGED',
  'SSH_CHANNEL_FAILED',
  'SSH_COMMAND_FAILED',
  'TUNNEL_PORT_IN_USE',
  'TUNNEL_BIND_FAILED',
  'TUNNEL_FORWARDING_DISABLED',
  'TUNNEL_REMOTE_BIND_REFUSED',
  'TUNNEL_TARGET_UNREACHABLE',
  'WORKFLOW_UNKNOWN',
  'WORKFLOW_STEP_FAILED',
  'WORKFLOW_NOT_RESUMABLE',
  /** A lock the run needs is held by another run (and the caller chose not to wait). */
  'WORKFLOW_LOCKED',
  /** A person declined a gate (or it timed out). */
  'WORKFLOW_DECLINED',
  /** Nothing can be rolled back (past the point of no return, or no undo). */
  'WORKFLOW_NO_ROLLBACK',
  'PROMPT_EXPIRED',
  'FILE_TOO_LARGE',
  'SFTP_FAILED',
  'PERMISSION_DENIED',
  'SUDO_PASSWORD_REQUIRED',
  'CONFIRMATION_REQUIRED',
  'LIMIT_EXCEEDED',
  'AWS_CREDENTIALS_MISSING',
  'AWS_UNAUTHORIZED',
  'AWS_THROTTLED',
  'AWS_ENDPOINT_UNREACHABLE',
  'AWS_NOT_FOUND',
  'AWS_INVALID_ZONE',
  'AWS_DEPENDENCY_VIOLATION',
  'AWS_INCORRECT_STATE',
  'AWS_LIMIT_EXCEEDED',
  'AWS_REQUEST_FAILED',
  'MYSQL_NOT_CONFIGURED',
  'MYSQL_LOGIN_NEEDED',
  'MYSQL_PASSWORD_MISSING',
  'MYSQL_ACCESS_DENIED',
  'MYSQL_UNREACHABLE',
  'MYSQL_TLS_FAILED',
  'MYSQL_TOO_MANY_CONNECTIONS',
  'MYSQL_HOST_BLOCKED',
  'MYSQL_QUERY_FAILED',
  'MYSQL_REPLICATION_BROKEN',
  'MYSQL_PREFLIGHT_FAILED',
  'FILE_BINARY',
  'CONFIG_INVALID',
  /** Another live core owns the data folder and could not be reached to attach to. */
  'CORE_BUSY',
  /** The core process is down or restarting: a call in flight was lost. */
  'CORE_UNAVAILABLE',
  'BACKUP_DESTINATION_FULL',
  'BACKUP_DESTINATION_UNAVAILABLE',
  'BACKUP_CORRUPT',
  'BACKUP_LOCK_TIMEOUT',
  'BACKUP_NOT_RESTORABLE',
  'MYSQL_DIVERGED',
  'HAPROXY_UNAVAILABLE',
  'HAPROXY_CONFIG_INVALID',
  'HAPROXY_RUNTIME_FAILED',
  'TRAFFIC_PROBE_FAILED',
  'FAILOVER_REFUSED',
  'FAILOVER_NO_CANDIDATE',
  /** The configured Prometheus does not answer (the SSH collectors still can). */
  'PROMETHEUS_UNREACHABLE',
  /** Prometheus answered with an error (bad PromQL, timeout, 4xx/5xx). */
  'PROMETHEUS_QUERY_FAILED',
  /** Series could not be read (a missing privilege, no such file, an unparseable answer). */
  'METRICS_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorShape {
  code: ErrorCode;
  message: string;
  hint: string;
}

/** The one error type the core throws on purpose. Anything else is reported as INTERNAL. */
export class OpsdeckError extends Error implements ErrorShape {
  readonly code: ErrorCode;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpsdeckError';
    this.code = code;
    this.hint = hint;
  }

  toJSON(): ErrorShape {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isErrorShape(value: unknown): value is ErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.hint === 'string';
}

/** Turn anything thrown into the stable shape. Unknown errors never leak stack traces. */
export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof OpsdeckError) return err.toJSON();
  if (isErrorShape(err) && (ERROR_CODES as readonly string[]).includes(err.code)) {
    return { code: err.code, message: err.message, hint: err.hint };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'INTERNAL',
    message: `Unexpected error: ${message}`,
    hint: 'This is a bug in Opsdeck. Retry; if it persists, report it with the log file.',
  };
}

/** Envelope for every cross-door call (after Signal's SQL channel). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorShape };
