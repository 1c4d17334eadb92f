import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { isMysqlHost } from '../../../src-main/contract';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner } from '../../ui/Status';
import { useHosts } from '../hosts/hosts-store';
import { useMysql } from './mysql-store';
import { ActionDialog, type PendingAction } from './ActionDialog';
import { FailoverPanel } from './FailoverPanel';
import { isTreeKey, treeMove } from '../../ui/tree-keys';
import { TopoBranch, drawnOrder } from './TopologyTree';
import { useLiveCluster } from './use-live-cluster';
import { followSparklines } from '../charts/sparkline-store';

/** The replication tree around a start host, live (watch feeds), with the failover ranking beside it. */
export function TopologyView() {
  const hosts = useHosts((s) => s.hosts);
  const mysqlHosts = useMemo(() => hosts.filter(isMysqlHost), [hosts]);
  const startHost = useMysql((s) => s.startHost);
  const setStartHost = useMysql((s) => s.setStartHost);
  const [nonce, setNonce] = useState(0);

  return (
    <div className="mysql-topology" data-testid="mysql-topology">
      <div className="toolbar">
        <label htmlFor="topology-start" className="muted">
          Start host
        </label>
        <select
          id="topology-start"
          className="input"
          data-testid="topology-start"
          value={startHost}
          onChange={(e) => setStartHost(e.target.value)}
        >
          <option value="">Choose a MySQL host…</option>
          {mysqlHosts.map((h) => (
            <option key={h.id} value={h.name}>
              {h.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn"
          disabled={!startHost}
          data-testid="topology-refresh"
          onClick={() => setNonce((n) => n + 1)}
        >
          Refresh
        </button>
      </div>
      {!startHost ? (
        <div className="area-center muted">
          {mysqlHosts.length === 0
            ? 'No MySQL server known yet: detect MySQL on your hosts (above), or import some.'
            : 'Pick a host to draw its replication tree.'}
        </div>
      ) : (
        <LiveTopology key={`${startHost}:${nonce}`} host={startHost} />
      )}
    </div>
  );
}

/**
 * The tree from the live feed, and the failover panel for its master. The tree is one tab stop:
 * arrows move between nodes (treeMove), Tab into a node's actions.
 */
function LiveTopology({ host }: { host: string }) {
  const { topology, view, error, viewError } = useLiveCluster(host);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const byId = useMemo(() => new Map(topology?.nodes.map((n) => [n.id, n]) ?? []), [topology]);
  const order = useMemo(
    () => (topology ? drawnOrder(topology.rootId, byId) : []),
    [topology, byId],
  );
  const current = cursor !== null && byId.has(cursor) ? cursor : (topology?.rootId ?? null);
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const id = (e.target as HTMLElement).dataset.nodeId;
    if (!id || !isTreeKey(e)) return;
    e.preventDefault();
    const next = treeMove(order, id, e);
    if (!next) return;
    setCursor(next);
    e.currentTarget.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(next)}"]`)?.focus();
  };
  // Queries/s and replication lag sparklines of the servers in the inventory.
  const names = useMemo(
    () =>
      (topology?.nodes ?? [])
        .filter((n) => n.hostId)
        .map((n) => n.name)
        .sort()
        .join(','),
    [topology],
  );
  useEffect(() => {
    if (!names) return;
    const stops = [
      followSparklines(names.split(','), 'mysql.qps', 'ssh', 5000),
      followSparklines(names.split(','), 'mysql.repl_lag', 'ssh', 5000),
    ];
    return () => stops.forEach((stop) => stop());
  }, [names]);

  return (
    <div className="topo-split">
      <div className="topo-main">
        {error ? <ErrorNote error={error} testId="topology-error" /> : null}
        {!topology ? (
          error ? null : (
            <div className="area-center">
              <Spinner /> <span className="muted">Reading replication status…</span>
            </div>
          )
        ) : (
          <div className="topo-tree">
            <div className="faint" data-testid="topology-collected">
              live · refreshed {new Date(topology.collectedAt).toLocaleTimeString()}
            </div>
            {topology.warnings.map((w) => (
              <div key={w} className="topo-warning">
                {w}
              </div>
            ))}
            <ul className="topo-level root" aria-label="Replication tree" onKeyDown={onKeyDown}>
              <TopoBranch
                id={topology.rootId}
                byId={byId}
                onAction={setPending}
                seen={new Set()}
                cursor={current}
                onCursor={setCursor}
              />
            </ul>
          </div>
        )}
      </div>
      {topology ? <FailoverPanel view={view} viewError={viewError} /> : null}
      {pending ? <ActionDialog pending={pending} onClose={() => setPending(null)} /> : null}
    </div>
  );
}
