import { useEffect, useMemo, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type HaproxyServerState,
  type HaproxyStatRow,
  type HaproxyStatus,
} from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { Modal } from '../../ui/Modal';
import { Spinner, StatusBadge } from '../../ui/Status';
import type { Tone } from '../../ui/status';
import { useHosts } from '../hosts/hosts-store';

const REFRESH_MS = 2000;

const statusTone = (row: HaproxyStatRow): Tone =>
  /^(UP|OPEN|no check)/.test(row.status)
    ? 'ok'
    : /MAINT|DRAIN|NOLB/.test(row.status)
      ? 'warn'
      : /DOWN/.test(row.status)
        ? 'crit'
        : 'unknown';

const n = (v: number | null) => (v === null ? '—' : String(v));

/** HAProxy on a proxy host: where its settings come from, the live stats, server states. */
export function TrafficView() {
  const hosts = useHosts((s) => s.hosts);
  const proxies = useMemo(
    () => hosts.filter((h) => h.profile.haproxyConfigPath || h.groups.includes('proxy')),
    [hosts],
  );
  const [host, setHost] = useState('');
  const chosen = host || proxies[0]?.name || '';
  return (
    <div className="mysql-traffic" data-testid="mysql-traffic">
      <div className="toolbar">
        <label htmlFor="traffic-host" className="muted">
          Proxy host
        </label>
        <select
          id="traffic-host"
          className="input"
          data-testid="traffic-host"
          value={chosen}
          onChange={(e) => setHost(e.target.value)}
        >
          <option value="">Choose…</option>
          {hosts.map((h) => (
            <option key={h.id} value={h.name}>
              {h.name}
            </option>
          ))}
        </select>
      </div>
      {chosen ? <LiveStats key={chosen} host={chosen} /> : null}
    </div>
  );
}

function LiveStats({ host }: { host: string }) {
  const [status, setStatus] = useState<HaproxyStatus | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [pending, setPending] = useState<{ row: HaproxyStatRow; state: HaproxyServerState } | null>(
    null,
  );
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () =>
      client
        .call('haproxy.status', { host })
        .then((s) => {
          if (!live) return;
          setStatus(s);
          setError(null);
        })
        .catch((err: unknown) => live && setError(toErrorShape(err)))
        .finally(() => {
          if (live) timer = setTimeout(tick, REFRESH_MS);
        });
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [host, nonce]);

  if (!status)
    return error ? (
      <ErrorNote error={error} testId="traffic-error" />
    ) : (
      <div className="area-center">
        <Spinner /> <span className="muted">Reading HAProxy on {host}…</span>
      </div>
    );
  const s = status.settings;
  return (
    <div className="traffic-body">
      <div className="faint mono" data-testid="traffic-settings">
        {status.version} · config {s.configPath} ({s.source.configPath}) · socket{' '}
        {s.statsSocket ?? '—'} ({s.source.statsSocket}) · reload {s.reloadCommand ?? '—'} (
        {s.source.reloadCommand})
      </div>
      {status.warnings.map((w) => (
        <div key={w} className="topo-warning">
          {w}
        </div>
      ))}
      {error ? <ErrorNote error={error} /> : null}
      <table className="grid-table traffic-stats" data-testid="traffic-stats">
        <thead>
          <tr>
            <th>Proxy</th>
            <th>Name</th>
            <th>Status</th>
            <th className="right">Sessions</th>
            <th className="right">Max</th>
            <th className="right">Queue</th>
            <th className="right">Rate/s</th>
            <th className="right">Errors req/conn/resp</th>
            <th>Check</th>
            <th>Address</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {status.stats.map((r) => (
            <tr key={`${r.proxy}/${r.name}`} data-testid={`traffic-row-${r.proxy}-${r.name}`}>
              <td>{r.type === 'server' ? '' : r.proxy}</td>
              <td className={r.type === 'server' ? 'traffic-server' : 'muted'}>{r.name}</td>
              <td>
                <StatusBadge tone={statusTone(r)}>{r.status}</StatusBadge>
              </td>
              <td className="right mono">{n(r.sessions)}</td>
              <td className="right mono">{n(r.maxSessions)}</td>
              <td className="right mono">{n(r.queue)}</td>
              <td className="right mono">{n(r.rate)}</td>
              <td className="right mono">
                {n(r.errors.request)}/{n(r.errors.connect)}/{n(r.errors.response)}
              </td>
              <td className="mono faint">{r.checkStatus}</td>
              <td className="mono faint">{r.address}</td>
              <td>
                <div className="traffic-actions">
                  {r.type === 'server'
                    ? (['ready', 'drain', 'maint'] as const).map((state) => (
                        <button
                          key={state}
                          type="button"
                          className={`btn small${state === 'maint' ? ' danger' : ''}`}
                          data-testid={`traffic-${state}-${r.proxy}-${r.name}`}
                          onClick={() => setPending({ row: r, state })}
                        >
                          {state}
                        </button>
                      ))
                    : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pending ? (
        <StateDialog
          host={host}
          row={pending.row}
          state={pending.state}
          onClose={() => {
            setPending(null);
            setNonce((x) => x + 1);
          }}
        />
      ) : null}
    </div>
  );
}

/** `set server <backend>/<server> state …`, confirmed by typing backend/server. */
function StateDialog({
  host,
  row,
  state,
  onClose,
}: {
  host: string;
  row: HaproxyStatRow;
  state: HaproxyServerState;
  onClose(): void;
}) {
  const target = `${row.proxy}/${row.name}`;
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorShape | null>(null);
  const go = async () => {
    setBusy(true);
    try {
      const r = await client.call('haproxy.setServer', {
        host,
        backend: row.proxy,
        server: row.name,
        state,
        confirm: typed.trim(),
      });
      notify(`${target} on ${host}`, `now ${r.row.status}`);
      onClose();
    } catch (err) {
      setError(toErrorShape(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`Set ${target} to ${state}`}
      onClose={onClose}
      tone={state === 'ready' ? undefined : 'danger'}
      testId="traffic-state-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${state === 'ready' ? 'primary' : 'danger'}`}
            disabled={busy || typed.trim() !== target}
            data-testid="traffic-state-submit"
            onClick={() => void go()}
          >
            {busy ? <Spinner /> : null} Set {state}
          </button>
        </>
      }
    >
      <p>
        {state === 'ready'
          ? `${row.name} takes traffic in ${row.proxy} again.`
          : state === 'drain'
            ? `${row.name} gets no new sessions in ${row.proxy}; its sessions go on.`
            : `${row.name} gets no traffic and no health checks in ${row.proxy}.`}{' '}
        The change is made through the runtime API (it lasts until HAProxy reloads its config).
      </p>
      <p>
        Type <b className="mono">{target}</b> to confirm.
      </p>
      <input
        className="input mono"
        data-autofocus
        aria-label="backend/server"
        data-testid="traffic-state-confirm"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      {error ? <ErrorNote error={error} /> : null}
    </Modal>
  );
}
