import {
  pushCandidates,
  pushRequest,
  type DriftHost,
  type DriftReport,
} from '../../../../src-main/contract';
import { useEffect, useState } from 'react';
import { openCompare } from '../diff-actions';
import { prefetchViewer } from '../mount-viewer';
import { PushDialog } from './PushDialog';
import { diffAgainstBaseline, summarize, toneOf } from './drift-model';

const STATUS: Record<DriftHost['status'], { text: string; tone: string }> = {
  ok: { text: 'ok', tone: 'ok' },
  missing: { text: 'file missing', tone: 'warn' },
  unreachable: { text: 'unreachable', tone: 'crit' },
  denied: { text: 'permission denied', tone: 'crit' },
  binary: { text: 'binary file', tone: 'crit' },
  'too-large': { text: 'too large', tone: 'crit' },
  error: { text: 'error', tone: 'crit' },
};

function DiffButton(p: { report: DriftReport; host: DriftHost; where: 'row' | 'cluster' }) {
  const { report, host, where } = p;
  const sources = diffAgainstBaseline(report, host);
  if (!sources || (host.status !== 'ok' && host.status !== 'missing')) return null;
  return (
    <button
      type="button"
      className="btn small"
      title={`Open ${host.hostName}’s file against the baseline (vimdiff keys, save back)`}
      onClick={() => openCompare(sources)}
      data-testid={`drift-${where === 'row' ? '' : 'cluster-'}diff-${host.hostName}`}
    >
      Diff
    </button>
  );
}

/** Hosts clustered by identical content, the baseline marked, each deviating host one click from its diff. */
export function DriftMatrix({ report: r }: { report: DriftReport }) {
  // A diff is one click away: have its code ready.
  useEffect(() => prefetchViewer(), []);
  const [pushing, setPushing] = useState(false);
  const candidates = pushCandidates(r);
  const canPush =
    candidates.length > 0 &&
    !!pushRequest(r, { hostIds: candidates, validate: true, reload: true, parallel: 4 });
  const s = summarize(r);
  const names = new Map(r.hosts.map((h) => [h.hostId, h.hostName]));
  const cluster = new Map(r.clusters.map((c) => [c.id, c]));
  const byId = new Map(r.hosts.map((h) => [h.hostId, h]));
  return (
    <div className="drift-result" data-testid="drift-result">
      <p className="drift-summary">
        <span className="mono strong">{r.path}</span> on {s.total} hosts · baseline:{' '}
        <strong>{r.baseline.label}</strong> ·{' '}
        <span className="tone-text-ok">{s.matching} match</span>
        {s.deviating ? (
          <>
            {' '}
            · <span className="tone-text-warn">{s.deviating} differ</span>
          </>
        ) : null}
        {s.unread ? (
          <>
            {' '}
            · <span className="tone-text-crit">{s.unread} could not be read</span>
          </>
        ) : null}{' '}
        · {s.clusters} cluster{s.clusters === 1 ? '' : 's'} · {r.durationMs} ms
        {canPush ? (
          <button
            type="button"
            className="btn small drift-push"
            title="Write the baseline to the hosts that differ: validated, backed up, reloaded, rolled back on a failure"
            onClick={() => setPushing(true)}
            data-testid="drift-push"
          >
            Push baseline to {candidates.length} host{candidates.length === 1 ? '' : 's'}…
          </button>
        ) : null}
        {r.options.ignoreWhitespace || r.options.ignoreComments ? (
          <span className="muted">
            {' '}
            (
            {[r.options.ignoreWhitespace && 'whitespace', r.options.ignoreComments && 'comments']
              .filter(Boolean)
              .join(' and ')}{' '}
            ignored)
          </span>
        ) : null}
      </p>
      <div className="drift-clusters" data-testid="drift-clusters">
        {r.clusters.map((c) => {
          const rep = byId.get(c.representative);
          return (
            <div
              key={c.id}
              className={`drift-cluster ${toneOf(c.id)}${c.baseline ? ' baseline' : ''}`}
              data-testid={`drift-cluster-${c.id}`}
            >
              <div className="drift-cluster-head">
                <span className="strong">#{c.id}</span>
                {c.baseline ? <span className="badge tone-ok">baseline</span> : null}
                {c.missing ? <span className="badge tone-warn">file missing</span> : null}
                <span className="muted">
                  {c.hostIds.length} host{c.hostIds.length === 1 ? '' : 's'}
                </span>
                {!c.baseline ? (
                  <span className="mono drift-delta">
                    <span className="tone-text-ok">+{c.added}</span>{' '}
                    <span className="tone-text-crit">−{c.removed}</span>
                  </span>
                ) : null}
                <span className="spacer" />
                {rep && !c.baseline ? <DiffButton report={r} host={rep} where="cluster" /> : null}
              </div>
              <div className="drift-cluster-hosts mono">
                {c.hostIds.map((id) => names.get(id) ?? id).join('  ')}
              </div>
            </div>
          );
        })}
      </div>
      <table className="drift-table" data-testid="drift-table">
        <thead>
          <tr>
            <th>Host</th>
            <th>Status</th>
            <th>Cluster</th>
            <th>Matches baseline</th>
            <th>Difference</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {r.hosts.map((h) => {
            const c = h.clusterId !== undefined ? cluster.get(h.clusterId) : undefined;
            const st = STATUS[h.status];
            return (
              <tr
                key={h.hostId}
                data-testid={`drift-row-${h.hostName}`}
                className={h.matchesBaseline ? '' : 'deviates'}
              >
                <td className="mono strong">{h.hostName}</td>
                <td>
                  <span className={`badge tone-${st.tone}`}>{st.text}</span>
                </td>
                <td>
                  {c ? (
                    <span className={`drift-chip ${toneOf(c.id)}`}>#{c.id}</span>
                  ) : (
                    <span className="faint">—</span>
                  )}
                </td>
                <td>
                  {c ? (
                    h.matchesBaseline ? (
                      'yes'
                    ) : (
                      <span className="tone-text-warn">no</span>
                    )
                  ) : (
                    <span className="faint">—</span>
                  )}
                </td>
                <td className="drift-diff-cell">
                  {h.error ? (
                    <span title={h.error.hint}>
                      <span className="tone-text-crit">{h.error.message}</span>{' '}
                      <span className="muted">{h.error.hint}</span>
                    </span>
                  ) : c && !c.baseline ? (
                    <span className="mono">
                      <span className="tone-text-ok">+{c.added}</span>{' '}
                      <span className="tone-text-crit">−{c.removed}</span> lines
                    </span>
                  ) : null}
                </td>
                <td>{h.matchesBaseline ? null : <DiffButton report={r} host={h} where="row" />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pushing ? <PushDialog report={r} onClose={() => setPushing(false)} /> : null}
    </div>
  );
}
