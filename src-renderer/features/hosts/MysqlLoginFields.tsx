import { describeMysqlLogin, type Host } from '../../../src-main/contract';
import { Field } from '../../ui/Field';
import type { LoginWay } from './mysql-login-form';
import { MysqlLoginTextField, type MysqlLoginState } from './MysqlLoginTextField';
import { MysqlTlsFields } from './MysqlTlsFields';
import { StoredSecretInput } from './StoredSecretInput';

const WAYS: { id: LoginWay; label: string }[] = [
  { id: 'auto', label: 'Automatic' },
  { id: 'ssh-socket', label: 'Socket over SSH' },
  { id: 'ssh-tunnel', label: 'SSH tunnel' },
  { id: 'direct', label: 'Direct TCP' },
];

const WAY_HINT: Record<LoginWay, string> = {
  auto: 'No login to type: root over SSH to the server’s socket (socket authentication, as Debian, Ubuntu and RHEL install MariaDB/MySQL), through sudo -n when the SSH user is not root.',
  'ssh-socket':
    'Over SSH to the server’s unix socket as this MySQL user (socket authentication, or its password).',
  'ssh-tunnel': 'TCP through this host’s SSH connection to the address and port below.',
  direct:
    'TCP from this machine straight to the address and port below; verify TLS when it crosses a network.',
};

/** How Opsdeck logs in to this host's MySQL: automatic (socket), or a login with a password. */
export function MysqlLoginFields({
  host,
  values,
  errors,
  set,
}: { host: Host | undefined } & MysqlLoginState) {
  const form: MysqlLoginState = { values, errors, set };
  const stored = Boolean(host?.mysql?.secretRef);
  const tcp = values.via === 'ssh-tunnel' || values.via === 'direct';
  return (
    <details className="form-section" open data-testid="hf-mysql">
      <summary>MySQL login</summary>
      {host ? <p className="faint form-note">Now: {describeMysqlLogin(host)}</p> : null}
      <Field label="Way in" htmlFor="hf-mysql-via-auto" hint={WAY_HINT[values.via]}>
        <div className="segmented" role="radiogroup" aria-label="MySQL login">
          {WAYS.map((w) => (
            <label key={w.id} className={values.via === w.id ? 'on' : undefined}>
              <input
                id={`hf-mysql-via-${w.id}`}
                type="radio"
                name="mysql-via"
                checked={values.via === w.id}
                onChange={() => set('via', w.id)}
              />
              {w.label}
            </label>
          ))}
        </div>
      </Field>
      {values.via === 'auto' ? null : (
        <>
          <MysqlLoginTextField form={form} name="user" label="MySQL user" placeholder="root" />
          <Field
            label="Password"
            htmlFor="hf-mysql-password"
            error={errors?.password}
            hint={
              stored && !values.clearPassword
                ? 'Stored in the vault. Type a new one to replace it.'
                : values.via === 'ssh-socket'
                  ? 'Usually none: socket authentication. Kept in the vault when given.'
                  : 'Kept in the vault, never shown again.'
            }
          >
            <StoredSecretInput
              id="hf-mysql-password"
              value={values.password}
              stored={stored}
              forget={values.clearPassword}
              invalid={Boolean(errors?.password)}
              onChange={(v) => set('password', v)}
              onForget={(v) => set('clearPassword', v)}
            />
          </Field>
          {tcp ? (
            <div className="field-pair">
              <MysqlLoginTextField
                form={form}
                name="address"
                label="Address"
                hint="Default: the host’s address"
                placeholder={host?.address ?? ''}
              />
              <MysqlLoginTextField
                form={form}
                name="port"
                label="Port"
                placeholder="3306"
                numeric
              />
            </div>
          ) : (
            <MysqlLoginTextField
              form={form}
              name="socket"
              label="Socket"
              hint="Default: the profile’s socket, else the usual places"
              placeholder={host?.profile.mysqlSocket ?? '/run/mysqld/mysqld.sock'}
            />
          )}
          {values.via === 'direct' ? (
            <MysqlTlsFields form={form} address={values.address || host?.address || ''} />
          ) : null}
        </>
      )}
    </details>
  );
}
