import { Field } from '../../ui/Field';
import { MysqlLoginTextField, type MysqlLoginState } from './MysqlLoginTextField';

/**
 * Verified TLS of a direct MySQL login: the toggle, the CA file (empty: the system's CAs) and
 * the name the certificate must carry (empty: the address). Without it the login, its password
 * and every row cross the network in the clear, and the form says so.
 */
export function MysqlTlsFields({ form, address }: { form: MysqlLoginState; address: string }) {
  const { values, errors, set } = form;
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
          <MysqlLoginTextField
            form={form}
            name="caFile"
            label="CA file"
            hint="PEM file on this machine; empty: the system’s CAs"
            placeholder="/etc/ssl/certs/my-ca.pem"
          />
          <MysqlLoginTextField
            form={form}
            name="tlsServerName"
            label="Server name"
            hint="The DNS name the certificate carries, when the address is not in it"
            placeholder={address}
          />
        </>
      ) : null}
    </div>
  );
}
