import { useEffect, useMemo, useState } from 'react';
import {
  METRICS,
  OVERLAY_METRICS,
  type CollectorInfo,
  type MetricId,
} from '../../../src-main/contract';
import { useHostList } from '../../app/contributions';
import { StatusBadge } from '../../ui/Status';
import type { Tone } from '../../ui/status';
import { useCollectors, watchCollectors } from './collectors-store';
import { OverlayView } from './OverlayView';

const stateTone: Record<CollectorInfo['state'], Tone> = {
  live: 'ok',
  starting: 'busy',
  unknown: 'unknown',
  stopped: 'unknown',
};

/** The SSH collectors running in the core now (who watches them, their state, their CPU). */
function Collectors() {
  // A failed fetch keeps the last list (the store's error is not shown, as before).
  const list = useCollectors((s) => s.collectors);
  useEffect(watchCollectors, []);
  return (
    <details className="collectors" data-testid="collectors">
      <summary>
        {list.length} SSH collectors running ({list.filter((c) => c.state === 'live').length} live)
      </summary>
      <table className="kv-table">
        <thead>
          <tr>
            <th>Host</th>
            <th>State</th>
            <th>Interval</th>
            <th>Watchers</th>
            <th>Loop CPU on host</th>
            <th>Last error</th>
          </tr>
        </thead>
        <tbody>
          {list.map((c) => (
            <tr key={c.host}>
              <td className="mono">{c.host}</td>
              <td>
                <StatusBadge tone={stateTone[c.state]}>{c.state}</StatusBadge>
              </td>
              <td className="mono">{c.intervalMs / 1000} s</td>
              <td className="mono">{c.watchers}</td>
              <td className="mono">
                {c.remoteCpuPct === undefined ? '—' : `${c.remoteCpuPct.toFixed(2)} %`}
              </td>
              <td className="muted">{c.error?.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The Charts area: a group overlay (one metric, N hosts), and the collectors behind it. */
export function ChartsArea() {
  const { hosts } = useHostList();
  const groups = useMemo(() => [...new Set(hosts.flatMap((h) => h.groups))].sort(), [hosts]);
  const [group, setGroup] = useState<string>('');
  const [metric, setMetric] = useState<MetricId>('cpu.busy');
  const chosen = group || (groups.includes('db') ? 'db' : (groups[0] ?? '*'));
  return (
    <div className="area charts-area">
      <div className="toolbar">
        <h1>Charts</h1>
        <label className="inline">
          Group
          <select
            className="input compact"
            data-testid="overlay-group"
            value={chosen}
            onChange={(e) => setGroup(e.target.value)}
          >
            <option value="*">all hosts</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Metric
          <select
            className="input compact"
            data-testid="overlay-metric"
            value={metric}
            onChange={(e) => setMetric(e.target.value as MetricId)}
          >
            {OVERLAY_METRICS.map((m) => (
              <option key={m} value={m}>
                {METRICS[m].label} ({m})
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <span className="muted">Drag to zoom · Shift+drag to pan · double-click for live</span>
      </div>
      <div className="area-scroll">
        {hosts.length ? (
          <OverlayView group={chosen} metric={metric} />
        ) : (
          <p className="muted">Add hosts to chart them.</p>
        )}
        <Collectors />
      </div>
    </div>
  );
}
