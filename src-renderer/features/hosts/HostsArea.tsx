import { useDeferredValue, useEffect, useMemo } from 'react';
import { useHosts } from './hosts-store';
import { useHostsView } from './view-store';
import { HOST_MODEL } from './table-model';
import { applyView } from '../../ui/table-model';
import { visibleSelection } from '../../ui/selection';
import { HostsTable } from './HostsTable';
import { HostsToolbar } from './HostsToolbar';
import { FilterChips } from './FilterChips';
import { EmptyHosts } from './EmptyHosts';
import { ImportResultPanel } from './ImportDialogs';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner } from '../../ui/Status';
import { followSparklines } from '../charts/sparkline-store';
import { useMetricsSettings } from '../charts/metrics-settings-store';

/** The Hosts area: toolbar, filter chips and the table — or what to do first when empty. */
export function HostsArea() {
  const { hosts, loaded, error } = useHosts();
  const filter = useHostsView((s) => s.filter);
  const sort = useHostsView((s) => s.sort);
  const selection = useHostsView((s) => s.selection);
  // Typing in the search box stays responsive with 10,000 hosts: the table catches up.
  const deferredFilter = useDeferredValue(filter);
  const rows = useMemo(
    () => applyView(hosts, HOST_MODEL, deferredFilter, sort),
    [hosts, deferredFilter, sort],
  );
  const order = useMemo(() => rows.map((h) => h.id), [rows]);
  const selected = useMemo(() => visibleSelection(selection, order), [selection, order]);
  // CPU sparklines of the hosts shown (the first 200), one overlay feed for the whole table.
  const source = useMetricsSettings((s) => s.settings?.defaultSource ?? 'ssh');
  const shownNames = useMemo(
    () =>
      rows
        .slice(0, 200)
        .map((h) => h.name)
        .join(','),
    [rows],
  );
  useEffect(
    () => (shownNames ? followSparklines(shownNames.split(','), 'cpu.busy', source) : undefined),
    [shownNames, source],
  );

  if (!loaded) {
    return (
      <div className="area-center">
        <Spinner label="Loading hosts" /> <span className="muted">Loading hosts…</span>
      </div>
    );
  }
  if (error && hosts.length === 0) {
    return (
      <div className="area-center">
        <ErrorNote error={error} />
      </div>
    );
  }
  if (hosts.length === 0) return <EmptyHosts />;
  return (
    <div className="area hosts-area">
      <HostsToolbar total={hosts.length} shown={rows.length} selected={selected} />
      <ImportResultPanel />
      <FilterChips hosts={hosts} />
      <HostsTable rows={rows} order={order} />
    </div>
  );
}
