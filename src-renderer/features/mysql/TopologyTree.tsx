import type { TopologyNode } from '../../../src-main/contract';
import { ErrorNote } from '../../ui/ErrorNote';
import { StatusBadge } from '../../ui/Status';
import type { Tone } from '../../ui/status';
import type { TreeNodeRef } from '../../ui/tree-keys';
import type { PendingAction } from './ActionDialog';
import { healthTone, lagText } from './mysql-tones';
import { HostSparkline } from '../charts/Sparkline';

/** The nodes as drawn (depth first from the root, each once), for the tree's arrow keys. */
export function drawnOrder(rootId: string, byId: ReadonlyMap<string, TopologyNode>): TreeNodeRef[] {
  const out: TreeNodeRef[] = [];
  const seen = new Set<string>();
  const walk = (id: string, parent: string | null) => {
    const node = byId.get(id);
    if (!node || seen.has(id)) return;
    seen.add(id);
    out.push({ id, parent });
    for (const r of node.replicaIds) walk(r, id);
  };
  walk(rootId, null);
  return out;
}

/** The tree's keyboard cursor: one node is its tab stop; arrows move it (ui/tree-keys). */
export interface TreeCursor {
  cursor: string | null;
  onCursor(id: string): void;
}

/** The replication tree: a node per server, replicas indented below their master. */
export function TopoBranch({
  id,
  byId,
  onAction,
  seen,
  cursor,
  onCursor,
}: {
  id: string;
  byId: ReadonlyMap<string, TopologyNode>;
  onAction(a: PendingAction): void;
  seen: Set<string>;
} & TreeCursor) {
  const node = byId.get(id);
  if (!node || seen.has(id)) return null;
  seen.add(id);
  return (
    <li className="topo-item">
      <NodeBox node={node} onAction={onAction} cursor={cursor} onCursor={onCursor} />
      {node.replicaIds.length ? (
        <ul className="topo-level">
          {node.replicaIds.map((r) => (
            <TopoBranch
              key={r}
              id={r}
              byId={byId}
              onAction={onAction}
              seen={seen}
              cursor={cursor}
              onCursor={onCursor}
            />
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

function NodeBox({
  node,
  onAction,
  cursor,
  onCursor,
}: { node: TopologyNode; onAction(a: PendingAction): void } & TreeCursor) {
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
      role="group"
      aria-label={`${node.name}: ${node.role}, ${node.health}`}
      tabIndex={cursor === node.id ? 0 : -1}
      data-node-id={node.id}
      onFocus={(e) => e.target === e.currentTarget && onCursor(node.id)}
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
      {node.hostId ? (
        <div className="topo-sparks">
          <span className="faint">queries/s</span>
          <HostSparkline host={node.name} series="mysql.qps" />
          {r ? (
            <>
              <span className="faint">lag</span>
              <HostSparkline host={node.name} series="mysql.repl_lag" />
            </>
          ) : null}
        </div>
      ) : null}
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
