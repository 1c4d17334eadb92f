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
  type ServerProfile,
} from '../../../src-main/contract';
import type { z } from 'zod';

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
  groups: string;
  tags: string;
  notes: string;
  sudo: boolean;
  mysqlFlavor: '' | NonNullable<ServerProfile['mysqlFlavor']>;
  mysqlConfigPath: string;
  mysqlDataDir: string;
  mysqlServiceStart: string;
  mysqlServiceStop: string;
  mysqlServiceRestart: string;
  /** Config file checks, one rule a line: `path glob | validate {file} | reload` (docs/diff.md). */
  configChecks: string;
}

export type FormErrors = Partial<Record<keyof HostFormValues, string>>;
export type HostInputOut = z.output<typeof HostInput>;

const PROFILE_TEXT = [
  'mysqlConfigPath',
  'mysqlDataDir',
  'mysqlServiceStart',
  'mysqlServiceStop',
  'mysqlServiceRestart',
] as const;

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
    groups: h?.groups.join(', ') ?? '',
    tags: h?.tags.join(', ') ?? '',
    notes: h?.notes ?? '',
    sudo: h?.profile.sudo ?? false,
    mysqlFlavor: h?.profile.mysqlFlavor ?? '',
    mysqlConfigPath: h?.profile.mysqlConfigPath ?? '',
    mysqlDataDir: h?.profile.mysqlDataDir ?? '',
    mysqlServiceStart: h?.profile.mysqlServiceStart ?? '',
    mysqlServiceStop: h?.profile.mysqlServiceStop ?? '',
    mysqlServiceRestart: h?.profile.mysqlServiceRestart ?? '',
    configChecks: formatConfigChecks(h?.profile.configChecks ?? []),
  };
}

/** Rules as the form shows them: `path | validate | reload`, one a line. */
export function formatConfigChecks(rules: NonNullable<ServerProfile['configChecks']>): string {
  return rules
    .map((r) => [r.path, r.validate ?? '', r.reload ?? ''].join(' | ').replace(/( \| )+$/, ''))
    .join('\n');
}

/** The form's rule lines back as rules (blank lines skipped; validation is the contract's). */
export function parseConfigChecks(text: string): NonNullable<ServerProfile['configChecks']> {
  return text
    .split('\n')
    .map((line) => line.split('|').map((part) => part.trim()))
    .filter(([path]) => path)
    .map(([path, validate, reload]) => ({
      path: path as string,
      ...(validate ? { validate } : {}),
      ...(reload ? { reload } : {}),
    }));
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
  const profile: Record<string, unknown> = { sudo: v.sudo };
  if (v.mysqlFlavor) profile.mysqlFlavor = v.mysqlFlavor;
  for (const k of PROFILE_TEXT) if (opt(v[k])) profile[k] = opt(v[k]);
  const checks = parseConfigChecks(v.configChecks);
  if (checks.length) profile.configChecks = checks;
  return {
    name: v.name,
    address: v.address,
    port,
    user: v.user,
    auth: v.auth,
    ...(v.auth === 'key' && opt(v.keyPath) ? { keyPath: opt(v.keyPath) } : {}),
    ...(v.auth === 'password' && v.password !== '' ? { password: v.password } : {}),
    groups: splitList(v.groups),
    tags: splitList(v.tags),
    profile,
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

export function validateHostForm(v: HostFormValues): FormResult {
  const raw = toRaw(v);
  const errors: FormErrors = {};
  if (v.auth === 'key' && !opt(v.keyPath))
    errors.keyPath = 'Key path is required for key authentication';
  const parsed = HostInput.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues as Issue[]) {
      const [first, second, line] = issue.path;
      const key = (first === 'profile' ? second : first) as keyof HostFormValues;
      errors[key] ??=
        key === 'configChecks' && typeof line === 'number'
          ? `Line ${line + 1}: ${issue.message}`
          : friendly(issue, raw);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

/** An edit sends the whole form; the password only when a new one was typed, or a clear. */
export function toPatch(input: HostInputOut, v: HostFormValues): HostPatch {
  const { password, ...rest } = input;
  return {
    ...rest,
    ...(password ? { password } : {}),
    ...(v.clearPassword && !password ? { clearPassword: true } : {}),
  };
}
