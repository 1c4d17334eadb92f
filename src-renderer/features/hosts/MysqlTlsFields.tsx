import { Field } from '../../ui/Field';
import type { MysqlLoginErrors, MysqlLoginValues } from './mysql-login-form';

/**
 * Verified TLS of a direct MySQL login: the toggle, the CA file (empty: the system's CAs) and
 * the name the certificate must carry (empty: the address). Without it the login, its password
 * and every row cross the network in the clear, and the form says so.
 */
export function MysqlTlsFields({
  values,
  errors,
  address,
  set,
}: {
  values: MysqlLoginValues;
  errors: MysqlLoginErrors | undefined;
  address: string;
  set<K extends keyof MysqlLoginValues>(k: K, v: MysqlLoginValues[K]): void;
}) {
  return (
    <div data-testid="hf-mysql-tls-fields">
      <Field
        label="TLS"
        htmlFor="hf-mysql-tls"
        error={errors?.tls}
        hint={
          values.tls
            ? 'Encrypted; Opsdeck logs in only when the server’s certificate chains to the CA and names the server.'
            : 'Off: the login, its password and all data cross the network unencrypted.'
        }
      >
        <label className="check">
          <input
            id="hf-mysql-tls"
            type="checkbox"
            checked={values.tls}
            onChange={(e) => set('tls', e.target.checked)}
          />{' '}
          Verify TLS
        </label>
      </Field>
      {values.tls ? (
        <>
          <Field
            label="CA file"
            htmlFor="hf-mysql-caFile"
            error={errors?.caFile}
            hint="PEM file on this machine; empty: the system’s CAs"
          >
            <input
              id="hf-mysql-caFile"
              className="input mono"
              placeholder="/etc/ssl/certs/my-ca.pem"
              aria-invalid={errors?.caFile ? true : undefined}
              value={values.caFile}
              onChange={(e) => set('caFile', e.target.value)}
            />
          </Field>
          <Field
            label="Server name"
            htmlFor="hf-mysql-tlsServerName"
            error={errors?.tlsServerName}
            hint="The DNS name the certificate carries, when the address is not in it"
          >
            <input
              id="hf-mysql-tlsServerName"
              className="input mono"
              placeholder={address}
              aria-invalid={errors?.tlsServerName ? true : undefined}
              value={values.tlsServerName}
              onChange={(e) => set('tlsServerName', e.target.value)}
            />
          </Field>
        </>
      ) : null}
    </div>
  );
}
