/**
 * The server profile in the host form, pure: only the user's own values are typed; an empty field
 * means "use the detected value" (shown as its placeholder). Saving sends the difference as a
 * ProfileSet (null = back to detected), so values the user did not touch keep their origin.
 * Config checks are the user's only (never detected): one rule a line, `path | validate | reload`.
 */
import {
  PROFILE_KEYS,
  ProfileSet,
  ServerProfile,
  configCheckLine,
  parseConfigCheckLine,
  type ConfigCheckRule,
  type Host,
  type ProfileKey,
  type ProfileOrigin,
} from '../../../src-main/contract';

/** The one-line values (every key but sudo and the config check rules). */
export type ProfileTextKey = Exclude<ProfileKey, 'sudo' | 'configChecks'>;
export type ProfileFormValues = Record<ProfileTextKey, string> & {
  sudo: '' | 'yes' | 'no';
  /** Config check rules, one a line: `path glob | validate {file} | reload` (docs/diff.md). */
  configChecks: string;
};
export type ProfileErrors = Partial<Record<ProfileKey, string>>;
type ProfileValue = string | boolean | ConfigCheckRule[];

export const TEXT_KEYS = PROFILE_KEYS.filter(
  (k): k is ProfileTextKey => k !== 'sudo' && k !== 'configChecks',
);

/** Rules as the form shows them: `path | validate | reload`, one a line. */
export const formatConfigChecks = (rules: readonly ConfigCheckRule[]): string =>
  rules.map(configCheckLine).join('\n');

/** The form's rule lines back as rules, each with its line number (blank lines skipped). */
function configCheckLines(text: string): Array<{ line: number; rule: ConfigCheckRule }> {
  return text.split('\n').flatMap((raw, i) => {
    const rule = parseConfigCheckLine(raw);
    return rule ? [{ line: i + 1, rule }] : [];
  });
}

/** The form's rule lines back as rules (blank lines skipped; validation is the contract's). */
export const parseConfigChecks = (text: string): ConfigCheckRule[] =>
  configCheckLines(text).map(({ rule }) => rule);

/** Where a value came from on a host (hosts from before origins count as the user's). */
export function originOf(host: Host | undefined, key: ProfileKey): ProfileOrigin | undefined {
  if (!host) return undefined;
  if (host.profileMeta) return host.profileMeta.origins[key];
  const value = host.profile[key];
  return value === undefined || (key === 'sudo' && value === false) ? undefined : 'user';
}

/** What detection found for a key, if anything. */
export function detectedOf(host: Host | undefined, key: ProfileKey): string | undefined {
  return shownValue(host?.profileMeta?.detected[key]);
}

/** A profile value as text: yes/no, the rule lines, or the value itself. */
export function shownValue(value: ProfileValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return Array.isArray(value) ? formatConfigChecks(value) : value;
}

export function profileFormFromHost(host?: Host): ProfileFormValues {
  const values = Object.fromEntries(
    TEXT_KEYS.map((k) => [k, originOf(host, k) === 'user' ? String(host?.profile[k] ?? '') : '']),
  ) as Record<ProfileTextKey, string>;
  const sudo = originOf(host, 'sudo') === 'user' ? (host?.profile.sudo ? 'yes' : 'no') : '';
  const checks = originOf(host, 'configChecks') === 'user' ? host?.profile.configChecks : undefined;
  return { ...values, sudo, configChecks: formatConfigChecks(checks ?? []) };
}

/** The user's values as a ProfileSet: '' (no rules) → null (back to detected). */
function typed(values: ProfileFormValues): Record<ProfileKey, ProfileValue | null> {
  const out = Object.fromEntries(
    TEXT_KEYS.map((k) => [k, values[k].trim() === '' ? null : values[k].trim()]),
  ) as Record<ProfileKey, ProfileValue | null>;
  out.sudo = values.sudo === '' ? null : values.sudo === 'yes';
  const checks = parseConfigChecks(values.configChecks);
  out.configChecks = checks.length ? checks : null;
  return out;
}

export function validateProfileForm(values: ProfileFormValues): ProfileErrors {
  const errors: ProfileErrors = {};
  const parsed = ProfileSet.safeParse(typed(values));
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const [key, index] = issue.path as [ProfileKey, unknown];
      const message = issue.message.replace(new RegExp(`^${key}: `), '');
      // A rule's error names its line in the text (blank lines count).
      const line =
        key === 'configChecks' && typeof index === 'number'
          ? configCheckLines(values.configChecks)[index]?.line
          : undefined;
      errors[key] ??= line ? `Line ${line}: ${message}` : message;
    }
  return errors;
}

/** Same value (rules compared by content). */
const same = (a: unknown, b: unknown) =>
  typeof a === 'object' || typeof b === 'object'
    ? JSON.stringify(a) === JSON.stringify(b)
    : a === b;

/** The edit to send: only keys whose user value changed (null: the user's value is cleared). */
export function profileChanges(host: Host, values: ProfileFormValues): ProfileSet {
  const wanted = typed(values);
  const set: ProfileSet = {};
  for (const key of PROFILE_KEYS) {
    const mine = originOf(host, key) === 'user' ? host.profile[key] : undefined;
    const next = wanted[key];
    if (next === null ? mine !== undefined : !same(next, mine)) set[key] = next;
  }
  return set;
}

/** A new host's profile: the values typed (the rest is detected later). */
export function profileForNewHost(values: ProfileFormValues): ServerProfile {
  const wanted = typed(values);
  const profile: Record<string, unknown> = {};
  for (const key of PROFILE_KEYS) if (wanted[key] !== null) profile[key] = wanted[key];
  return ServerProfile.parse(profile);
}
