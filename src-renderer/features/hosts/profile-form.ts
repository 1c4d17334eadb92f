/**
 * The server profile in the host form, pure: only the user's own values are typed; an empty field
 * means "use the detected value" (shown as its placeholder). Saving sends the difference as a
 * ProfileSet (null = back to detected), so values the user did not touch keep their origin.
 */
import {
  PROFILE_KEYS,
  ProfileSet,
  ServerProfile,
  type Host,
  type ProfileKey,
  type ProfileOrigin,
} from '../../../src-main/contract';

export type ProfileTextKey = Exclude<ProfileKey, 'sudo'>;
export type ProfileFormValues = Record<ProfileTextKey, string> & { sudo: '' | 'yes' | 'no' };
export type ProfileErrors = Partial<Record<ProfileKey, string>>;

export const TEXT_KEYS = PROFILE_KEYS.filter((k): k is ProfileTextKey => k !== 'sudo');

/** Where a value came from on a host (hosts from before origins count as the user's). */
export function originOf(host: Host | undefined, key: ProfileKey): ProfileOrigin | undefined {
  if (!host) return undefined;
  if (host.profileMeta) return host.profileMeta.origins[key];
  const value = host.profile[key];
  return value === undefined || (key === 'sudo' && value === false) ? undefined : 'user';
}

/** What detection found for a key, if anything. */
export function detectedOf(host: Host | undefined, key: ProfileKey): string | undefined {
  const value = host?.profileMeta?.detected[key];
  return value === undefined
    ? undefined
    : typeof value === 'boolean'
      ? value
        ? 'yes'
        : 'no'
      : value;
}

export function profileFormFromHost(host?: Host): ProfileFormValues {
  const values = Object.fromEntries(
    TEXT_KEYS.map((k) => [k, originOf(host, k) === 'user' ? String(host?.profile[k] ?? '') : '']),
  ) as Record<ProfileTextKey, string>;
  const sudo = originOf(host, 'sudo') === 'user' ? (host?.profile.sudo ? 'yes' : 'no') : '';
  return { ...values, sudo };
}

/** The user's values as a ProfileSet: '' → null (back to detected). */
function typed(values: ProfileFormValues): Record<ProfileKey, string | boolean | null> {
  const out = Object.fromEntries(
    TEXT_KEYS.map((k) => [k, values[k].trim() === '' ? null : values[k].trim()]),
  ) as Record<ProfileKey, string | boolean | null>;
  out.sudo = values.sudo === '' ? null : values.sudo === 'yes';
  return out;
}

export function validateProfileForm(values: ProfileFormValues): ProfileErrors {
  const errors: ProfileErrors = {};
  const parsed = ProfileSet.safeParse(typed(values));
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as ProfileKey;
      errors[key] ??= issue.message.replace(new RegExp(`^${key}: `), '');
    }
  return errors;
}

/** The edit to send: only keys whose user value changed (null: the user's value is cleared). */
export function profileChanges(host: Host, values: ProfileFormValues): ProfileSet {
  const wanted = typed(values);
  const set: ProfileSet = {};
  for (const key of PROFILE_KEYS) {
    const mine = originOf(host, key) === 'user' ? host.profile[key] : undefined;
    const next = wanted[key];
    if (next === null ? mine !== undefined : next !== mine) set[key] = next;
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
