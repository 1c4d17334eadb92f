import { Field } from '../../ui/Field';
import type { FormErrors, HostFormValues } from './host-form';

const PATHS = [
  { k: 'mysqlConfigPath', label: 'Config file', ph: '/etc/mysql/my.cnf' },
  { k: 'mysqlDataDir', label: 'Data dir', ph: '/var/lib/mysql' },
  { k: 'mysqlServiceStart', label: 'Start', ph: 'systemctl start mariadb' },
  { k: 'mysqlServiceStop', label: 'Stop', ph: 'systemctl stop mariadb' },
  { k: 'mysqlServiceRestart', label: 'Restart', ph: 'systemctl restart mariadb' },
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
      <Field
        label="Config checks"
        htmlFor="hf-config-checks"
        error={errors.configChecks}
        hint="One rule a line: path glob | validate command ({file} = the new file) | reload command. Used when a compared file is saved back."
      >
        <textarea
          id="hf-config-checks"
          className="input mono"
          rows={3}
          spellCheck={false}
          placeholder="/etc/haproxy/*.cfg | haproxy -c -f {file} | systemctl reload haproxy"
          value={values.configChecks}
          onChange={(e) => set('configChecks', e.target.value)}
          data-testid="host-config-checks"
        />
      </Field>
    </details>
  );
}
