import { Field } from '../../ui/Field';
import type { FormErrors, HostFormValues } from './host-form';

const PATHS = [
  { k: 'mysqlConfigPath', label: 'Config file', ph: '/etc/mysql/my.cnf' },
  { k: 'mysqlDataDir', label: 'Data dir', ph: '/var/lib/mysql' },
  { k: 'mysqlServiceStart', label: 'Start', ph: 'systemctl start mariadb' },
  { k: 'mysqlServiceStop', label: 'Stop', ph: 'systemctl stop mariadb' },
  { k: 'mysqlServiceRestart', label: 'Restart', ph: 'systemctl restart mariadb' },
  { k: 'haproxyConfigPath', label: 'HAProxy config', ph: '/etc/haproxy/haproxy.cfg' },
  { k: 'haproxyStatsSocket', label: 'HAProxy socket', ph: '/run/haproxy/admin.sock' },
  { k: 'haproxyServiceReload', label: 'HAProxy reload', ph: 'systemctl reload haproxy' },
] as const;

/** The server profile: how this host is operated (detected by facts, editable here). */
export function ProfileFields({
  values,
  errors,
  set,
}: {
  values: HostFormValues;
  errors: FormErrors;
  set<K extends keyof HostFormValues>(k: K, v: HostFormValues[K]): void;
}) {
  return (
    <details className="form-section">
      <summary>Server profile</summary>
      <Field label="Sudo" htmlFor="hf-sudo">
        <label className="check">
          <input
            id="hf-sudo"
            type="checkbox"
            checked={values.sudo}
            onChange={(e) => set('sudo', e.target.checked)}
          />{' '}
          Run privileged commands with sudo
        </label>
      </Field>
      <Field label="MySQL flavor" htmlFor="hf-flavor" error={errors.mysqlFlavor}>
        <select
          id="hf-flavor"
          className="input"
          value={values.mysqlFlavor}
          onChange={(e) => set('mysqlFlavor', e.target.value as HostFormValues['mysqlFlavor'])}
        >
          <option value="">detect</option>
          <option value="mysql">MySQL</option>
          <option value="mariadb">MariaDB</option>
          <option value="percona">Percona</option>
        </select>
      </Field>
      {PATHS.map(({ k, label, ph }) => (
        <Field key={k} label={label} htmlFor={`hf-${k}`} error={errors[k]}>
          <input
            id={`hf-${k}`}
            className="input mono"
            placeholder={ph}
            value={values[k]}
            onChange={(e) => set(k, e.target.value)}
          />
        </Field>
      ))}
    </details>
  );
}
