import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type HostMetricsSettings,
} from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';

/** What Opsdeck collects on a host besides /proc: MySQL on or off, HAProxy's stats. */
export function CollectionSettings({ host, onClose }: { host: string; onClose(): void }) {
  const [settings, setSettings] = useState<HostMetricsSettings | null>(null);
  const [loadError, setLoadError] = useState<ErrorShape | null>(null);
  useEffect(() => {
    client
      .call('metrics.hostSettings', { host })
      .then(setSettings, (e: unknown) => setLoadError(toErrorShape(e)));
  }, [host]);
  const save = async () => {
    if (!settings) return;
    const clean: HostMetricsSettings = {
      mysql: settings.mysql,
      ...(settings.haproxyStatsUrl ? { haproxyStatsUrl: settings.haproxyStatsUrl } : {}),
      ...(settings.haproxyStatsSocket ? { haproxyStatsSocket: settings.haproxyStatsSocket } : {}),
    };
    await client.call('metrics.configureHost', { host, settings: clean });
    notify(`Collection on ${host} updated`);
    onClose();
  };
  const set = (patch: Partial<HostMetricsSettings>) =>
    setSettings((s) => (s ? { ...s, ...patch } : s));
  return (
    <FormDialog
      title={`Collection on ${host}`}
      onClose={onClose}
      onSubmit={save}
      submitLabel="Save"
      busyLabel="Saving…"
      canSubmit={settings !== null}
      error={loadError}
      testId="collection-settings"
      submitTestId="collection-save"
    >
      <p className="muted">
        /proc is always read over SSH, nothing is installed. MySQL uses the host’s MySQL login;
        HAProxy is read through the host’s SSH connection.
      </p>
      {settings ? (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.mysql}
              onChange={(e) => set({ mysql: e.target.checked })}
            />
            Read MySQL status (SHOW GLOBAL STATUS, replication)
          </label>
          <Field label="HAProxy stats URL" htmlFor="hap-url" hint="As seen from the host">
            <input
              id="hap-url"
              className="input mono"
              placeholder="http://127.0.0.1:8404/;csv"
              value={settings.haproxyStatsUrl ?? ''}
              data-testid="collection-haproxy-url"
              onChange={(e) => set({ haproxyStatsUrl: e.target.value.trim() || undefined })}
            />
          </Field>
          <Field label="or its stats socket" htmlFor="hap-sock">
            <input
              id="hap-sock"
              className="input mono"
              placeholder="/run/haproxy/admin.sock"
              value={settings.haproxyStatsSocket ?? ''}
              onChange={(e) => set({ haproxyStatsSocket: e.target.value.trim() || undefined })}
            />
          </Field>
        </>
      ) : loadError ? null : (
        <p className="muted">Loading…</p>
      )}
    </FormDialog>
  );
}
