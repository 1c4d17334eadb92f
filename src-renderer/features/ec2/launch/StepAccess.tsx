import type { Ec2KeyPair, Ec2SecurityGroup } from '../../../../src-main/contract';
import { Field } from '../../../ui/Field';
import { useScopeRows } from '../dialogs/ActionDialog';
import { ruleText } from '../resource-actions';
import type { StepProps } from './wizard-model';
import { newKeyName, stepErrors } from './wizard-model';

/** Key pair (default: a new one named after the instance) and security groups. */
export function StepAccess({ w, up }: StepProps) {
  const scope = { account: w.account, region: w.region };
  const keys = useScopeRows<Ec2KeyPair>('ec2.keyPairs', scope);
  const groups = useScopeRows<Ec2SecurityGroup>('ec2.securityGroups', scope);
  const e = stepErrors(w, 'access');
  const key = w.key;
  const setKey = (p: Partial<typeof key>) => up((s) => ({ key: { ...s.key, ...p } }));
  const clash = key.mode === 'new' && keys.rows.some((k) => k.keyName === newKeyName(w));
  const toggle = (id: string) =>
    up((s) => ({
      groupIds: s.groupIds.includes(id) ? s.groupIds.filter((g) => g !== id) : [...s.groupIds, id],
    }));

  return (
    <div className="wizard-content form">
      <h3>Key pair</h3>
      <div className="radio-list" role="radiogroup" aria-label="Key pair">
        <label className="check">
          <input
            type="radio"
            name="w-key"
            checked={key.mode === 'new'}
            onChange={() => setKey({ mode: 'new' })}
            data-testid="w-key-new"
          />
          Create a new key pair <span className="mono">{newKeyName(w) || '…'}</span>
          <span className="faint">
            {' '}
            — its private key is saved in Opsdeck’s key store and used to SSH in
          </span>
        </label>
        {key.mode === 'new' ? (
          <div className="indent field-row">
            <Field
              label="Name"
              htmlFor="w-key-name"
              error={
                clash
                  ? `${newKeyName(w)} already exists in ${w.region}: choose it below or rename`
                  : e.key
              }
            >
              <input
                id="w-key-name"
                className="input mono"
                value={key.newName}
                placeholder={w.name}
                onChange={(ev) => setKey({ newName: ev.target.value })}
              />
            </Field>
            <Field label="Type" htmlFor="w-key-type">
              <select
                id="w-key-type"
                className="input"
                value={key.keyType}
                onChange={(ev) => setKey({ keyType: ev.target.value as 'rsa' })}
              >
                <option value="ed25519">ed25519</option>
                <option value="rsa">RSA</option>
              </select>
            </Field>
          </div>
        ) : null}
        <label className="check">
          <input
            type="radio"
            name="w-key"
            checked={key.mode === 'existing'}
            onChange={() =>
              setKey({ mode: 'existing', existing: key.existing || keys.rows[0]?.keyName || '' })
            }
            data-testid="w-key-existing"
          />
          Use an existing key pair
        </label>
        {key.mode === 'existing' ? (
          <div className="indent">
            <select
              className="input mono"
              aria-label="Existing key pair"
              value={key.existing}
              data-testid="w-key-select"
              onChange={(ev) => setKey({ existing: ev.target.value })}
            >
              {keys.rows.map((k) => (
                <option key={k.keyName} value={k.keyName}>
                  {k.keyName} ({k.keyType})
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <label className="check">
          <input
            type="radio"
            name="w-key"
            checked={key.mode === 'none'}
            onChange={() => setKey({ mode: 'none' })}
          />
          No key pair{' '}
          <span className="faint">— only if the AMI or the user data brings its own</span>
        </label>
      </div>

      <h3>Security groups</h3>
      {groups.error ? <p className="field-error">{groups.error.message}</p> : null}
      <div className="group-picker" role="group" aria-label="Security groups">
        {groups.loading ? <span className="muted">Loading…</span> : null}
        {groups.rows.map((g) => (
          <label
            key={g.groupId}
            className={`group-choice${w.groupIds.includes(g.groupId) ? ' on' : ''}`}
          >
            <input
              type="checkbox"
              checked={w.groupIds.includes(g.groupId)}
              onChange={() => toggle(g.groupId)}
              data-testid={`w-group-${g.groupName}`}
            />
            <span className="strong">{g.groupName}</span>{' '}
            <span className="mono faint">{g.groupId}</span>
            <span className="group-rules mono muted">
              {g.ingress.map(ruleText).join('; ') || 'no inbound rules'}
            </span>
          </label>
        ))}
      </div>
      {e.groups ? <p className="field-error">{e.groups}</p> : null}
      {!w.groupIds.length ? (
        <p className="faint">None chosen: EC2 uses the VPC’s default group.</p>
      ) : null}
    </div>
  );
}
