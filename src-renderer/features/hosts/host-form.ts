/**
 * The add/edit host form, pure: text fields in, the contract's `HostInput` out. Validation is the
 * contract's own zod schema, so the form accepts exactly what the core accepts; errors are mapped
 * back onto the fields that caused them.
 */
import {
  HostInput,
  type AuthMethod,
  type Host,
  type HostPatch,
  type ProfileSet,
} from '../../../src-main/contract';
import type { z } from 'zod';
import {
  mysqlLoginChange,
  mysqlLoginFromHost,
  mysqlLoginInput,
  validateMysqlLogin,
  type MysqlLoginErrors,
  type MysqlLoginValues,
} from './mysql-login-form';
import {
  profileChanges,
  profileForNewHost,
  profileFormFromHost,
  validateProfileForm,
  type ProfileErrors,
  type ProfileFormValues,
} from './profile-form';

export interface HostFormValues {
  name: string;
  address: string;
  port: string;
  user: string;
  auth: AuthMethod;
  keyPath: string;
  /** A new password; empty keeps the stored one (write-only: never read back). */
  password: string;
  clearPassword: boolean;
  /** ProxyJump chain: inventory names or user@host:port, comma-separated. */
  proxyJump: string;
  groups: string;
  tags: string;
  notes: string;
  /** The user's own profile values (empty: the detected one). */
  profile: ProfileFormValues;
  mysql: MysqlLoginValues;
}

type CoreKey = Exclude<keyof HostFormValues, 'profile' | 'mysql'>;
export type FormErrors = Partial<Record<CoreKey, string>> & {
  profile?: ProfileErrors;
  mysql?: MysqlLoginErrors;
};
export type HostInputOut = z.output<typeof HostInput>;

export function formFromHost(h?: Host): HostFormValues {
  return {
    name: h?.name ?? '',
    address: h?.address ?? '',
    port: String(h?.port ?? 22),
    user: h?.user ?? 'root',
    auth: h?.auth ?? 'agent',
    keyPath: h?.keyPath ?? '',
    password: '',
    clearPassword: false,
    proxyJump: h?.proxyJump ?? '',
    groups: h?.groups.join(', ') ?? '',
    tags: h?.tags.join(', ') ?? '',
    notes: h?.notes ?? '',
    profile: profileFormFromHost(h),
    mysql: mysqlLoginFromHost(h),
  };
}

/** `web, prod ,, eu` → ['web', 'prod', 'eu'] (duplicates dropped). */
export function splitList(s: string): string[] {
  return [
    ...new Set(
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

function toRaw(v: HostFormValues): Record<string, unknown> {
  const port = v.port.trim() === '' ? undefined : Number(v.port.trim());
  return {
    name: v.name,
    address: v.address,
    port,
    user: v.user,
    auth: v.auth,
    ...(v.auth === 'key' && opt(v.keyPath) ? { keyPath: opt(v.keyPath) } : {}),
    ...(v.auth === 'password' && v.password !== '' ? { password: v.password } : {}),
    ...(opt(v.proxyJump) ? { proxyJump: splitList(v.proxyJump).join(',') } : {}),
    groups: splitList(v.groups),
    tags: splitList(v.tags),
    notes: v.notes,
  };
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: unknown;
  maximum?: unknown;
}

function friendly(issue: Issue, raw: Record<string, unknown>): string {
  const [field, index] = issue.path;
  if (field === 'port') return 'Must be 1–65535';
  let msg = issue.message;
  if (issue.code === 'too_small' && issue.minimum === 1) msg = 'Required';
  else if (issue.code === 'too_big' && typeof issue.maximum === 'number')
    msg = `At most ${issue.maximum}`;
  if ((field === 'groups' || field === 'tags') && typeof index === 'number') {
    const list = raw[field] as string[];
    return `"${list[index] ?? ''}": ${msg}`;
  }
  return msg;
}

export type FormResult = { ok: true; input: HostInputOut } | { ok: false; errors: FormErrors };

/** The whole form checked against the contract's schemas; a new host's input when valid. */
export function validateHostForm(v: HostFormValues): FormResult {
  const raw = toRaw(v);
  const errors: FormErrors = {};
  if (v.auth === 'key' && !opt(v.keyPath))
    errors.keyPath = 'Key path is required for key authentication';
  const parsed = HostInput.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues as Issue[]) {
      const key = issue.path[0] as CoreKey;
      errors[key] ??= friendly(issue, raw);
    }
  }
  const profile = validateProfileForm(v.profile);
  if (Object.keys(profile).length) errors.profile = profile;
  const mysql = validateMysqlLogin(v.mysql);
  if (Object.keys(mysql).length) errors.mysql = mysql;
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  const login = mysqlLoginInput(v.mysql);
  return {
    ok: true,
    input: {
      ...parsed.data,
      profile: profileForNewHost(v.profile),
      ...(login ? { mysql: HostInput.shape.mysql.unwrap().parse(login) } : {}),
    },
  };
}

/**
 * An edit: the host's fields (the password only when a new one was typed, or a clear), the
 * MySQL login as changed; the profile goes separately (`profileEdit`: only what changed).
 */
export function toPatch(input: HostInputOut, v: HostFormValues, host: Host): HostPatch {
  const { password, profile: _profile, mysql: _mysql, ...rest } = input;
  return {
    ...rest,
    // An empty field clears the chain (the patch's '').
    proxyJump: rest.proxyJump ?? '',
    ...(password ? { password } : {}),
    ...(v.clearPassword && !password ? { clearPassword: true } : {}),
    ...mysqlLoginChange(host, v.mysql),
  };
}

/** The profile values the user changed, for hosts.setProfile (empty: nothing to send). */
export const profileEdit = (host: Host, v: HostFormValues): ProfileSet =>
  profileChanges(host, v.profile);
