import {
  OpsdeckError,
  PROFILE_KEYS,
  parseConfigCheckLine,
  type ConfigCheckRule,
  type ProfileKey,
  type ProfileSet,
} from '../../contract';

/**
 * `key=value` pairs → a ProfileSet (`key=` → null: back to the detected value). Config checks
 * take one rule per `--set configChecks='path | validate {file} | reload'`; repeat it for more.
 */
export function parseProfileSets(pairs: readonly string[]): ProfileSet {
  const set: ProfileSet = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim() as ProfileKey;
    if (eq < 0 || !PROFILE_KEYS.includes(key))
      throw new OpsdeckError(
        'INVALID_PARAMS',
        eq < 0 ? `"${pair}" is not key=value.` : `"${key}" is not a profile setting.`,
        `Use key=value with one of: ${PROFILE_KEYS.join(', ')} (key= goes back to the detected value).`,
      );
    const raw = pair.slice(eq + 1).trim();
    if (raw === '') set[key] = null;
    else if (key === 'configChecks') {
      const rules: ConfigCheckRule[] = Array.isArray(set.configChecks) ? set.configChecks : [];
      const rule = parseConfigCheckLine(raw);
      if (rule) set.configChecks = [...rules, rule];
    } else if (key === 'sudo') {
      if (!/^(true|false|yes|no|on|off|1|0)$/i.test(raw))
        throw new OpsdeckError(
          'INVALID_PARAMS',
          `sudo=${raw}: use true or false.`,
          'e.g. --set sudo=true',
        );
      set[key] = /^(true|yes|on|1)$/i.test(raw);
    } else set[key] = raw;
  }
  return set;
}
