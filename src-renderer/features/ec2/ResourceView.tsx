import { useShallow } from 'zustand/react/shallow';
import { useDeferredValue, useMemo } from 'react';
import { visibleSelection } from '../../ui/selection';
import { Spinner } from '../../ui/Status';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatDuration } from '../../ui/format';
import { refetch, shownAccounts, shownRegion, useEc2 } from './ec2-store';
import { defOf } from './defs';
import type { AnyRow, Ec2Kind } from './model/kinds';
import { rowKey } from './model/kinds';
import { applyView, isColumnVisible } from '../../ui/table-model';
import { ColumnChooser, FacetButton } from './TableControls';
import { ResourceTable } from './ResourceTable';
import { DetailsPanel } from './DetailsPanel';
import { FailedRegions } from './FailedRegions';
import { ImageFilterBar } from './ImageFilterBar';
import { clearFilter, setQuery, toggleDetails, useEc2View, viewOf } from './view-store';

const EMPTY: AnyRow[] = [];

/** One resource: toolbar (search, filters, columns), warnings, the table and its details panel. */
export function ResourceView({ kind }: { kind: Ec2Kind }) {
  const def = defOf(kind);
  const data = useEc2((s) => s.data[kind]);
  const accounts = useEc2(useShallow(shownAccounts));
  const region = useEc2(shownRegion);
  const view = useEc2View((s) => s.views[kind]) ?? viewOf(kind);
  const details = useEc2View((s) => s.details);
  const chosen = useEc2View((s) => s.views[kind]?.columns);
  const rows = data?.rows ?? EMPTY;
  const multiRegion = region === 'all';
  const multiAccount = accounts.length > 1;
  const columns = useMemo(() => {
    const all = defOf(kind).columns;
    const visible = all.filter((c) =>
      isColumnVisible(c, chosen ?? {}, { multiRegion, multiAccount }),
    );
    // Region and account come right after the name/id columns when shown: they tell rows apart.
    const isScope = (c: { id: string }) => c.id === 'region' || c.id === 'account';
    const rest = visible.filter((c) => !isScope(c));
    return [...rest.slice(0, 2), ...visible.filter(isScope), ...rest.slice(2)];
  }, [kind, chosen, multiRegion, multiAccount]);
  const scope = { multiRegion, multiAccount };
  const filter = useDeferredValue(view.filter);
  const shown = useMemo(
    () => applyView(rows, defOf(kind), filter, view.sort),
    [rows, kind, filter, view.sort],
  );
  const order = useMemo(() => shown.map((r) => rowKey(kind, r)), [shown, kind]);
  const selected = visibleSelection(view.selection, order);
  const cursor = view.selection.cursor
    ? shown.find((r) => rowKey(kind, r) === view.selection.cursor)
    : undefined;
  const facets = def.columns.filter(
    (c) =>
      c.facet &&
      (c.id !== 'region' || scope.multiRegion) &&
      (c.id !== 'account' || scope.multiAccount),
  );
  const filtered =
    view.filter.query !== '' || Object.values(view.filter.facets).some((v) => v.length);
  const first = accounts[0];
  const createScope = first
    ? { account: first.name, region: region === 'all' ? first.defaultRegion : region }
    : null;
  const loading = data?.loading ?? true;
  const timing =
    data?.doneAt && data.firstAt
      ? `first rows ${formatDuration(data.firstAt - data.startedAt)}, all ${formatDuration(data.doneAt - data.startedAt)}`
      : undefined;

  return (
    <div className="ec2-view" data-testid={`ec2-view-${kind}`}>
      <div className="toolbar">
        <input
          className="input search"
          type="search"
          placeholder={`Search ${def.noun.many}  ( / )`}
          aria-label={`Search ${def.noun.many}`}
          data-testid="ec2-search"
          data-area-search
          value={view.filter.query}
          onChange={(e) => setQuery(kind, e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setQuery(kind, '');
            if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault();
              document.querySelector<HTMLElement>(`[data-testid="ec2-table-${kind}"]`)?.focus();
            }
          }}
        />
        {facets.map((c) => (
          <FacetButton
            key={c.id}
            kind={kind}
            column={c.id}
            label={c.label}
            rows={rows}
            get={c.facet as (r: AnyRow) => string}
          />
        ))}
        {filtered ? (
          <button type="button" className="btn ghost small" onClick={() => clearFilter(kind)}>
            Clear
          </button>
        ) : null}
        <span
          className="toolbar-count muted"
          aria-live="polite"
          data-testid="ec2-count"
          data-loading={loading ? 'true' : 'false'}
          title={timing}
        >
          {shown.length === rows.length
            ? `${rows.length} ${rows.length === 1 ? def.noun.one : def.noun.many}`
            : `${shown.length} of ${rows.length}`}
          {selected.length > 1 ? ` · ${selected.length} selected` : ''}
        </span>
        {loading ? <Spinner label="Refreshing" /> : null}
        <span className="spacer" />
        {createScope
          ? def.create?.(createScope).map((a) => (
              <button
                key={a.testId}
                type="button"
                className="btn"
                onClick={a.run}
                data-testid={a.testId}
              >
                {a.label}
              </button>
            ))
          : null}
        <ColumnChooser kind={kind} def={def} scope={scope} />
        <button
          type="button"
          className={`btn small${details ? ' on' : ''}`}
          aria-pressed={details}
          onClick={toggleDetails}
          title="Details panel (Enter)"
        >
          Details
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => void refetch(kind)}
          title={timing ? `Refresh (last: ${timing})` : 'Refresh'}
          data-testid="ec2-refresh"
        >
          Refresh
        </button>
      </div>
      {kind === 'images' ? <ImageFilterBar /> : null}
      <FailedRegions failed={data?.failed ?? []} />
      {data &&
      !loading &&
      rows.length === 0 &&
      data.failed.length > 0 &&
      data.failed.length === data.slices.size ? (
        <div className="area-center">
          <ErrorNote error={data.failed[0]!.error} />
        </div>
      ) : (
        <div className={`ec2-split${details ? ' with-details' : ''}`}>
          <ResourceTable
            kind={kind}
            def={def}
            rows={shown}
            columns={columns}
            empty={
              loading
                ? 'Loading…'
                : filtered
                  ? `No ${def.noun.one} matches the search and filters.`
                  : (def.empty ?? `No ${def.noun.many} here.`)
            }
          />
          {details ? (
            <DetailsPanel kind={kind} def={def} row={cursor} selected={selected.length} />
          ) : null}
        </div>
      )}
    </div>
  );
}
