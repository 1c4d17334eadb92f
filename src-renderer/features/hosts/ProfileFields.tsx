import type { Host, ProfileKey, ProfileOrigin } from '../../../src-main/contract';
import { Field } from '../../ui/Field';
import { PROFILE_FIELDS } from './profile-labels';
import { detectedOf, type ProfileErrors, type ProfileFormValues } from './profile-form';

/** "detected" / "yours" beside a profile value. */
export function OriginMark({
  k,
  origin,
  detected,
}: {
  k: ProfileKey;
  origin: ProfileOrigin | undefined;
  detected: string | undefined;
}) {
  if (!origin) return null;
  return (
    <span
      className={`badge ${origin === 'user' ? 'tone-busy' : ''}`}
      data-testid={`profile-origin-${k}`}
      title={
        origin === 'user'
          ? `Set by you; wins over detection${detected !== undefined ? ` (detected: ${detected})` : ''}`
          : 'Detected over SSH (collect facts)'
      }
    >
      {origin === 'user' ? 'yours' : 'detected'}
    </span>
  );
}

/**
 * The server profile: how this host is operated. Detected by "Collect facts" (and by the
 * replication check); a value typed here is yours and wins; empty uses the detected one.
 */
export function ProfileFields({
  host,
  values,
  errors,
  set,
}: {
  host: Host | undefined;
  values: ProfileFormValues;
  errors: ProfileErrors | undefined;
  set<K extends keyof ProfileFormValues>(k: K, v: ProfileFormValues[K]): void;
}) {
  const detectedAt = host?.profileMeta?.detectedAt;
  return (
    <details className="form-section" open={Boolean(host)} data-testid="hf-profile">
      <summary>Server profile</summary>
      <p className="faint form-note">
        {detectedAt
          ? 'Empty fields use the detected value (shown greyed). What you type is yours and wins over detection.'
          : 'Not detected yet: Collect facts on this host detects these. What you type is yours and wins.'}
      </p>
      {PROFILE_FIELDS.map(({ key, label, example, choices }) => {
        const detected = detectedOf(host, key);
        const id = `hf-profile-${key}`;
        const value = values[key];
        return (
          <Field key={key} label={label} htmlFor={id} error={errors?.[key]}>
            <div className="inline">
              {choices ? (
                <select
                  id={id}
                  className="input"
                  value={value}
                  onChange={(e) => set(key, e.target.value as never)}
                >
                  <option value="">
                    {detected !== undefined ? `detected: ${detected}` : 'detect'}
                  </option>
                  {choices.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  className="input mono"
                  placeholder={detected ?? example}
                  value={value}
                  onChange={(e) => set(key, e.target.value as never)}
                />
              )}
              <OriginMark
                k={key}
                origin={value !== '' ? 'user' : detected !== undefined ? 'detected' : undefined}
                detected={detected}
              />
            </div>
          </Field>
        );
      })}
    </details>
  );
}
