import {
  PROFILE_KEYS,
  ServerProfile,
  type ProfileKey,
  type ProfileMeta,
  type ProfileSet,
} from '../../contract/hosts';

/**
 * A host's server profile has two sources: what collect-facts detected and what the user set. A
 * user value always wins; clearing it (null) goes back to the detected one. `profile` is the
 * effective result (what workflows read); `profileMeta` records where each value came from.
 */
export interface ProfileState {
  profile: ServerProfile;
  profileMeta: ProfileMeta;
}

/** Values only the user sets: detection never reports them (config check rules). */
const USER_ONLY: ReadonlySet<ProfileKey> = new Set<ProfileKey>(['configChecks']);

const emptyMeta = (): ProfileMeta => ({ origins: {}, detected: {}, notes: [] });

type Values = Partial<Record<ProfileKey, unknown>>;

/** Effective profile from the user's values and the detected ones. */
function effective(user: Values, detected: Values): ServerProfile {
  const merged: Values = {};
  for (const key of PROFILE_KEYS) {
    const value = key in user ? user[key] : detected[key];
    if (value !== undefined) merged[key] = value;
  }
  return ServerProfile.parse(merged);
}

/** The user's own values in a state (by origin). */
function userValues(state: ProfileState): Values {
  const values: Values = {};
  for (const key of PROFILE_KEYS)
    if (state.profileMeta.origins[key] === 'user') values[key] = state.profile[key];
  return values;
}

function withOrigins(user: Values, meta: ProfileMeta): ProfileState {
  const profile = effective(user, meta.detected);
  const origins: ProfileMeta['origins'] = {};
  for (const key of PROFILE_KEYS) {
    if (key in user) origins[key] = 'user';
    else if (meta.detected[key] !== undefined) origins[key] = 'detected';
  }
  return { profile, profileMeta: { ...meta, origins } };
}

/** A new host's profile: every value given (other than the defaults) is the user's. */
export function initialProfile(profile: ServerProfile): ProfileState {
  const user: Values = {};
  for (const key of PROFILE_KEYS) {
    const value = profile[key];
    if (value !== undefined && !(key === 'sudo' && value === false)) user[key] = value;
  }
  return withOrigins(user, emptyMeta());
}

/**
 * A whole profile from a form: values that differ from the effective ones become the user's;
 * a value left out goes back to the detected one; unchanged values keep their origin.
 */
export function editProfile(current: ProfileState, next: ServerProfile): ProfileState {
  const user = userValues(current);
  for (const key of PROFILE_KEYS) {
    const wanted = next[key];
    if (wanted === undefined) {
      delete user[key];
      continue;
    }
    if (wanted !== current.profile[key]) user[key] = wanted;
  }
  return withOrigins(user, current.profileMeta);
}

/** `hosts profile --set key=value`: set as the user's value, or null = back to detected. */
export function setProfileValues(current: ProfileState, set: ProfileSet): ProfileState {
  const user = userValues(current);
  for (const [key, value] of Object.entries(set) as Array<[ProfileKey, unknown]>) {
    if (value === undefined) continue;
    if (value === null) delete user[key];
    else user[key] = value;
  }
  return withOrigins(user, current.profileMeta);
}

/**
 * A detection result: replaces every detected value; the user's values stay as they are (and
 * user-only keys such as the config check rules are never taken from a detection).
 */
export function applyDetected(
  current: ProfileState,
  detected: Partial<ServerProfile>,
  notes: string[],
  at: string,
): ProfileState {
  const clean: Values = {};
  for (const key of PROFILE_KEYS)
    if (detected[key] !== undefined && !USER_ONLY.has(key)) clean[key] = detected[key];
  return withOrigins(userValues(current), {
    ...current.profileMeta,
    detected: clean as Partial<ServerProfile>,
    detectedAt: at,
    notes,
  });
}

/** State of a stored host (hosts stored before profile origins count all values as the user's). */
export function profileState(host: {
  profile: ServerProfile;
  profileMeta?: ProfileMeta;
}): ProfileState {
  return host.profileMeta
    ? { profile: host.profile, profileMeta: host.profileMeta }
    : initialProfile(host.profile);
}
