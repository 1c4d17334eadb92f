import { useState, type FormEvent } from 'react';
import { toErrorShape, type ErrorShape, type PrometheusStatus } from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { StatusBadge } from '../../ui/Status';
import { useMetricsSettings } from './metrics-settings-store';

/** Settings → Metrics: the default source and the workspace's Prometheus, with a reachability test. */
export function MetricsSettingsPanel() {
  const settings = useMetricsSettings((s) => s.settings);
  const [url, setUrl] = useState<string | null>(null);
  const [match, setMatch] = useState<string | null>(null);
  const [status, setStatus] = useState<PrometheusStatus | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const shownUrl = url ?? settings?.prometheus?.url ?? '';
  const shownMatch = match ?? settings?.prometheus?.instanceMatch ?? '{address}(:[0-9]+)?';
  const prometheus = () => ({ url: shownUrl, instanceMatch: shownMatch });
  const test = async () => {
    setError(null);
    try {
      setStatus(await client.call('metrics.prometheusStatus', { prometheus: prometheus() }));
    } catch (err) {
      setError(toErrorShape(err));
    }
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await client.call('metrics.configure', { prometheus: shownUrl ? prometheus() : null });
      notify(shownUrl ? 'Prometheus saved' : 'Prometheus removed');
    } catch (err) {
      setError(toErrorShape(err));
    }
  };
  const setDefault = (source: 'ssh' | 'prometheus') =>
    client
      .call('metrics.configure', { defaultSource: source })
      .catch((err: unknown) => setError(toErrorShape(err)));
  return (
    <section data-testid="metrics-settings">
      <h3>Metrics</h3>
      {error ? <ErrorNote error={error} /> : null}
      <form className="form" onSubmit={save}>
        <label htmlFor="prom-url">Prometheus URL (this workspace)</label>
        <input
          id="prom-url"
          className="input mono"
          placeholder="http://prometheus:9090"
          value={shownUrl}
          onChange={(e) => setUrl(e.target.value)}
          data-testid="prometheus-url"
        />
        <label htmlFor="prom-match">
          Instance label match ({'{address}'} and {'{name}'} are the host’s)
        </label>
        <input
          id="prom-match"
          className="input mono"
          value={shownMatch}
          onChange={(e) => setMatch(e.target.value)}
        />
        <div className="inline">
          <button type="button" className="btn" onClick={() => void test()} disabled={!shownUrl}>
            Test
          </button>
          <button type="submit" className="btn primary" data-testid="prometheus-save">
            Save
          </button>
          {status ? (
            status.ok ? (
              <StatusBadge tone="ok">
                Prometheus {status.version} · {status.targetsUp} targets up
                {status.targetsDown ? `, ${status.targetsDown} down` : ''}
              </StatusBadge>
            ) : (
              <StatusBadge tone="crit">{status.error?.message ?? 'unreachable'}</StatusBadge>
            )
          ) : null}
        </div>
        <label htmlFor="default-source">Charts read from</label>
        <select
          id="default-source"
          className="input compact"
          value={settings?.defaultSource ?? 'ssh'}
          onChange={(e) => void setDefault(e.target.value as 'ssh' | 'prometheus')}
        >
          <option value="ssh">SSH collectors (nothing installed on hosts)</option>
          <option value="prometheus" disabled={!settings?.prometheus}>
            Prometheus
          </option>
        </select>
      </form>
    </section>
  );
}
