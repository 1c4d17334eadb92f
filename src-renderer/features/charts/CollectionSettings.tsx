import { useEffect, useState, type FormEvent } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type HostMetricsSettings,
} from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { Modal } from '../../ui/Modal';

/** What Opsdeck collects on a host besides /proc: MySQL on or off, HAProxy's stats. */
export function CollectionSettings({ host, onClose }: { host: string; onClose(): void }) {
  const [settings, setSettings] = useState<HostMetricsSettings | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  useEffect(() => {
    client
      .call('metrics.hostSettings', { host })
      .then(setSettings, (e: unknown) => setError(toErrorShape(e)));
  }, [host]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!settings) return;
    try {
      const clean: HostMetricsSettings = {
        mysql: settings.mysql,
        ...(settings.haproxyStatsUrl ? { haproxyStatsUrl: settings.haproxyStatsUrl } : {}),
        ...(settings.haproxyStatsSocket ? { haproxyStatsSocket: settings.haproxyStatsSocket } : {}),
      };
      await client.call('metrics.configureHost', { host, settings: clean });
      notify(`Collection on ${host} updated`);
      onClose();
    } catch (err) {
      setError(toErrorShape(err));
    }
  };
  const set = (patch: Partial<HostMetricsSettings>) =>
    setSettings((s) => (s ? { ...s, ...patch } : s));
  return (
    <Modal
      title={`Collection on ${host}`}
      onClose={onClose}
      testId="collection-settings"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="collection-form"
            className="btn primary"
            data-testid="collection-save"
          >
            Save
          </button>
        </>
      }
    >
      <form id="collection-form" className="form" onSubmit={save}>
        {error ? <ErrorNote error={error} /> : null}
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
            <label htmlFor="hap-url">HAProxy stats URL, as seen from the host</label>
            <input
              id="hap-url"
              className="input mono"
              placeholder="http://127.0.0.1:8404/;csv"
              value={settings.haproxyStatsUrl ?? ''}
              data-testid="collection-haproxy-url"
              onChange={(e) => set({ haproxyStatsUrl: e.target.value.trim() || undefined })}
            />
            <label htmlFor="hap-sock">or its stats socket</label>
            <input
              id="hap-sock"
              className="input mono"
              placeholder="/run/haproxy/admin.sock"
              value={settings.haproxyStatsSocket ?? ''}
              onChange={(e) => set({ haproxyStatsSocket: e.target.value.trim() || undefined })}
            />
          </>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </form>
    </Modal>
  );
}
