import type { HostFacts } from '../../../src-main/contract';
import { formatAgo, formatDateTime, formatMiB, formatUptime } from '../../ui/format';
import { StatusBadge } from '../../ui/Status';
import { usageTone } from '../../ui/status';

/** Facts collected from a host: system, disks, MySQL. */
export function FactsView({ facts }: { facts: HostFacts }) {
  const m = facts.mysql;
  return (
    <div className="facts" data-testid="facts">
      <div className="kv">
        <span>Collected</span>
        <span title={formatDateTime(facts.collectedAt)}>
          {formatDateTime(facts.collectedAt)}{' '}
          <span className="faint">({formatAgo(facts.collectedAt)})</span>
        </span>
        <span>Hostname</span>
        <span className="mono">{facts.hostname}</span>
        <span>OS</span>
        <span>{facts.os}</span>
        <span>Kernel</span>
        <span className="mono">{facts.kernel}</span>
        <span>Uptime</span>
        <span>{formatUptime(facts.uptimeSeconds)}</span>
        <span>CPUs</span>
        <span>{facts.cpus}</span>
        <span>Memory</span>
        <span>{formatMiB(facts.memoryMiB)}</span>
        <span>MySQL</span>
        <span>
          {!m.installed ? (
            <span className="muted">not installed</span>
          ) : (
            <>
              <StatusBadge tone={m.running ? 'ok' : 'warn'}>
                {m.running ? 'running' : 'not running'}
              </StatusBadge>{' '}
              <span className="mono">
                {m.flavor ?? ''} {m.version ?? ''}
              </span>
            </>
          )}
        </span>
      </div>
      <h3>Disks</h3>
      <table className="grid-table">
        <thead>
          <tr>
            <th>Mount</th>
            <th>Device</th>
            <th className="right">Size</th>
            <th>Used</th>
          </tr>
        </thead>
        <tbody>
          {facts.disks.map((d) => (
            <tr key={d.mount}>
              <td className="mono">{d.mount}</td>
              <td className="mono muted">{d.device}</td>
              <td className="right">{formatMiB(d.sizeMiB)}</td>
              <td>
                <span
                  className={`meter tone-${usageTone(d.usedPct)}`}
                  role="meter"
                  aria-valuenow={d.usedPct}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-label={`${d.mount} used`}
                >
                  <span className="meter-fill" style={{ width: `${Math.min(100, d.usedPct)}%` }} />
                </span>
                <span className={`meter-text tone-text-${usageTone(d.usedPct)}`}>{d.usedPct}%</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
