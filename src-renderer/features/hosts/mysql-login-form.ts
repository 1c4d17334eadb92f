/**
 * The MySQL login in the host form, pure. "Automatic" means no login: Opsdeck logs in as root
 * over SSH to the server's socket. The password is write-only (kept in the vault).
 */
import {
  MysqlSettingsInput,
  type Host,
  type MysqlSettingsPatch,
  type MysqlVia,
} from '../../../src-main/contract';

export type LoginWay = 'auto' | MysqlVia;

export interface MysqlLoginValues {
  via: LoginWay;
  user: string;
  /** A new password; empty keeps the stored one. */
  password: string;
  clearPassword: boolean;
  port: string;
  address: string;
  socket: string;
}

export type MysqlLoginErrors = Partial<Record<keyof MysqlLoginValues, string>>;

export function mysqlLoginFromHost(host?: Host): MysqlLoginValues {
  const m = host?.mysql;
  return {
    via: m?.via ?? 'auto',
    user: m?.user ?? (m ? 'root' : ''),
    password: '',
    clearPassword: false,
    port: m ? String(m.port) : '',
    address: m?.address ?? '',
    socket: m?.socket ?? '',
  };
}

const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

function settings(v: MysqlLoginValues): Record<string, unknown> {
  const port = opt(v.port);
  return {
    via: v.via,
    ...(opt(v.user) ? { user: opt(v.user) } : {}),
    ...(v.password ? { password: v.password } : {}),
    ...(v.via !== 'ssh-socket' && port ? { port: Number(port) } : {}),
    ...(v.via !== 'ssh-socket' && opt(v.address) ? { address: opt(v.address) } : {}),
    ...(v.via === 'ssh-socket' && opt(v.socket) ? { socket: opt(v.socket) } : {}),
  };
}

export function validateMysqlLogin(v: MysqlLoginValues): MysqlLoginErrors {
  if (v.via === 'auto') return {};
  const parsed = MysqlSettingsInput.safeParse(settings(v));
  const errors: MysqlLoginErrors = {};
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof MysqlLoginValues;
      errors[key] ??= key === 'port' ? 'Must be 1–65535' : issue.message;
    }
  return errors;
}

/** A new host's login, or none (automatic). */
export function mysqlLoginInput(v: MysqlLoginValues): MysqlSettingsInput | undefined {
  return v.via === 'auto' ? undefined : MysqlSettingsInput.parse(settings(v));
}

/** The edit: the login's fields, its forgetting (automatic again), or nothing. */
export function mysqlLoginChange(
  host: Host,
  v: MysqlLoginValues,
): { mysql: MysqlSettingsPatch } | { clearMysql: true } | Record<string, never> {
  if (v.via === 'auto') return host.mysql ? { clearMysql: true } : {};
  return {
    mysql: {
      ...(settings(v) as MysqlSettingsPatch),
      ...(v.clearPassword && !v.password ? { clearPassword: true } : {}),
    },
  };
}
