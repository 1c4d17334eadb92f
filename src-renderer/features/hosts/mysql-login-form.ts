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
  /** Direct logins: verified TLS (certificate chained to the CA file, naming the server). */
  tls: boolean;
  caFile: string;
  tlsServerName: string;
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
    tls: m?.tls === 'verify',
    caFile: m?.caFile ?? '',
    tlsServerName: m?.tlsServerName ?? '',
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
    ...(v.via === 'direct' && v.tls ? tlsSettings(v) : {}),
  };
}

/** Verified TLS of a direct login; an empty CA file means the system's CAs. */
function tlsSettings(v: MysqlLoginValues): Record<string, unknown> {
  return {
    tls: 'verify',
    ...(opt(v.caFile) ? { caFile: opt(v.caFile) } : {}),
    ...(opt(v.tlsServerName) ? { tlsServerName: opt(v.tlsServerName) } : {}),
  };
}

/**
 * The TLS part of an edit: off unless a direct login verifies it (a tunnel refuses TLS); a CA
 * file or server name emptied in the form is forgotten ('').
 */
function tlsChange(host: Host, v: MysqlLoginValues): MysqlSettingsPatch {
  const was = host.mysql;
  if (v.via !== 'direct' || !v.tls) return was?.tls ? { tls: 'off' } : {};
  return {
    ...(was?.caFile && !opt(v.caFile) ? { caFile: '' } : {}),
    ...(was?.tlsServerName && !opt(v.tlsServerName) ? { tlsServerName: '' } : {}),
  };
}

export function validateMysqlLogin(v: MysqlLoginValues): MysqlLoginErrors {
  if (v.via === 'auto') return {};
  const parsed = MysqlSettingsInput.safeParse(settings(v));
  const errors: MysqlLoginErrors = {};
  // The core checks that the file exists and holds PEM certificates; a relative path cannot be.
  if (v.via === 'direct' && v.tls && opt(v.caFile) && !isAbsolutePath(v.caFile.trim()))
    errors.caFile = 'Use the full path of a PEM file, e.g. /etc/ssl/certs/my-ca.pem';
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
      ...tlsChange(host, v),
      ...(v.clearPassword && !v.password ? { clearPassword: true } : {}),
    },
  };
}

/** An absolute path on Linux/macOS or Windows: /path, C:\path, \\server\share. */
const isAbsolutePath = (p: string) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p);
