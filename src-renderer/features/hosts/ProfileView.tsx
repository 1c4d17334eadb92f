import type { Host } from '../../../src-main/contract';
import { formatDateTime } from '../../ui/format';
import { OriginMark } from './ProfileFields';
import { PROFILE_FIELDS } from './profile-labels';
import { detectedOf, originOf } from './profile-form';

const shown = (v: string | boolean | undefined) =>
  v === undefined ? undefined : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;

/** A host's server profile: each value, marked detected or yours; what detection noted. */
export function ProfileView({ host }: { host: Host }) {
  const meta = host.profileMeta;
  const rows = PROFILE_FIELDS.filter(
    ({ key }) => host.profile[key] !== undefined && !(key === 'sudo' && !originOf(host, key)),
  );
  return (
    <>
      <div className="kv" data-testid="host-profile">
        {rows.length === 0 ? (
          <span className="faint" style={{ gridColumn: '1 / -1' }}>
            Nothing detected yet: Collect facts detects it.
          </span>
        ) : null}
        {rows.map(({ key, label }) => {
          const detected = detectedOf(host, key);
          const value = shown(host.profile[key]);
          return (
            <div key={key} className="kv-row" data-testid={`profile-${key}`}>
              <span>{label}</span>
              <span className="profile-value">
                <span className="mono">{value}</span>{' '}
                <OriginMark k={key} origin={originOf(host, key)} detected={detected} />
                {originOf(host, key) === 'user' && detected !== undefined && detected !== value ? (
                  <span className="faint"> detected: {detected}</span>
                ) : null}
              </span>
            </div>
          );
        })}
      </div>
      <p className="faint">
        {meta?.detectedAt
          ? `Detected ${formatDateTime(meta.detectedAt)}. Values you set win over detection.`
          : 'Never detected.'}
      </p>
      {meta?.notes.map((note) => (
        <p key={note} className="note-callout" data-testid="profile-note">
          {note}
        </p>
      ))}
    </>
  );
}
