import type { TopologyNode } from '../../../src-main/contract';
import { ErrorNote } from '../../ui/ErrorNote';
import { StatusBadge } from '../../ui/Status';
import type { Tone } from '../../ui/status';
import type { PendingAction } from './ActionDialog';
import { healthTone, lagText } from './mysql-tones';

/** The replication tree: a node per server, replicas indented below their master. */
export function TopoBranch({
  id,
  byId,
  onAction,
  seen,
}: {
  id: string;
  byId: ReadonlyMap<string, TopologyNode>;
  onAction(a: PendingAction): void;
  seen: Set<string>;
}) {
  const node = byId.get(id);
  if (!node || seen.has(id)) return null;
  seen.add(id);
  return (
    <li className="topo-item">
      <NodeBox node={node} onAction={onAction} />
      {node.replicaIds.length ? (
        <ul className="topo-level">
          {node.replicaIds.map((r) => (
            <TopoBranch key={r} id={r} byId={byId} onAction={onAction} seen={seen} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function linkTone(node: TopologyNode): Tone {
  const r = node.replication;
  if (!r) return 'unknown';
  if (r.ioThread === 'stopped' || r.sqlThread === 'stopped' || r.lastIoError || r.lastSqlError)
    return 'crit';
  const behind = node.lag ? node.lag.seconds : r.secondsBehind;
  if (r.ioThread === 'connecting' || behind === null || behind > 30) return 'warn';
  return 'ok';
}

function NodeBox({ node, onAction }: { node: TopologyNode; onAction(a: PendingAction): void }) {
  const r = node.replication;
  const tone = healthTone(node.health);
  const link = linkTone(node);
  const host = node.hostId ?? node.name;
  const act = (a: Omit<PendingAction, 'host' | 'name'>) =>
    onAction({ ...a, host, name: node.name });
  const err = r?.lastSqlError ?? r?.lastIoError;
  return (
    <div
      className={`topo-node tone-border-${tone}${r ? ` link-${link}` : ''}`}
      data-testid={`topo-node-${node.name}`}
      data-role={node.role}
      data-health={node.health}
    >
      <div className="topo-head">
        <strong className="topo-name">{node.name}</strong>
        <span className="badge tone-unknown" data-testid="topo-role">
          {node.role}
        </span>
        <StatusBadge tone={tone}>{node.health}</StatusBadge>
        {node.readOnly !== undefined ? (
          <span className={`badge ${node.readOnly ? 'tone-unknown' : 'tone-ok'}`}>
            {node.readOnly ? 'read_only' : 'writable'}
          </span>
        ) : null}
        <span className="spacer" />
        <span className="faint mono">
          {node.flavor ?? ''} {node.version ?? ''}
          {node.serverId !== undefined ? ` · id ${node.serverId}` : ''}
        </span>
      </div>
      <div className="faint mono">
        {node.address}:{node.port}
      </div>
      {!node.reachable && node.error ? <ErrorNote error={node.error} /> : null}
      {r ? (
        <div className={`topo-link tone-${link}`} data-testid="topo-link" data-tone={link}>
          <span data-testid="topo-io" data-state={r.ioThread}>
            IO <b>{r.ioThread}</b>
          </span>
          <span data-testid="topo-sql" data-state={r.sqlThread}>
            SQL <b>{r.sqlThread}</b>
          </span>
          <span
            data-testid="topo-lag"
            title={
              node.lag?.source === 'heartbeat'
                ? "From Opsdeck's heartbeat table (sub-second)"
                : 'Seconds_Behind_Master: coarse, and blind to a stalled IO thread'
            }
          >
            behind{' '}
            <b>
              {node.lag
                ? lagText(node.lag)
                : r.secondsBehind === null
                  ? '—'
                  : `${r.secondsBehind}s`}
            </b>
          </span>
          <span className="mono faint">
            {r.execSourceLogFile}:{r.execSourceLogPos}
          </span>
        </div>
      ) : null}
      {node.executed ? (
        <div className="mono faint topo-executed" title="Executed" data-testid="topo-executed">
          executed {node.executed}
        </div>
      ) : null}
      {err ? (
        <div className="topo-error" data-testid="topo-last-error">
          Last {r?.lastSqlError ? 'SQL' : 'IO'} error {err.errno}: {err.message}
        </div>
      ) : null}
      {node.notes.length ? (
        <ul className="topo-notes">
          {node.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      {node.hostId && node.reachable ? (
        <div className="topo-actions">
          {r ? (
            <>
              <button
                type="button"
                className="btn small"
                data-testid="topo-start"
                onClick={() => act({ action: 'start-replication' })}
              >
                Start replication
              </button>
              <button
                type="button"
                className="btn small"
                data-testid="topo-stop"
                onClick={() => act({ action: 'stop-replication' })}
              >
                Stop replication
              </button>
              {r.sqlThread === 'stopped' && r.lastSqlError ? (
                <button
                  type="button"
                  className="btn small danger"
                  data-testid="topo-skip"
                  onClick={() => act({ action: 'skip-event' })}
                >
                  Skip one event…
                </button>
              ) : null}
            </>
          ) : null}
          <button
            type="button"
            className="btn small"
            data-testid="topo-read-only"
            onClick={() => act({ action: 'set-read-only', readOnly: !node.readOnly })}
          >
            {node.readOnly ? 'Make writable' : 'Set read_only'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
