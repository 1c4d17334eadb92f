import { useMemo, useState } from 'react';
import type { AnyRow, Ec2Kind } from './model/kinds';
import { facetValues, isColumnVisible } from '../../ui/table-model';
import type { AnyDef } from './defs/types';
import { Popover, below } from '../../ui/Popover';
import { resetColumns, setColumn, toggleFacet, useEc2View, viewOf } from './view-store';

const LIMIT = 40;

/** A filter on one column: its values with counts, any of the ticked ones. */
export function FacetButton({
  kind,
  column,
  label,
  rows,
  get,
}: {
  kind: Ec2Kind;
  column: string;
  label: string;
  rows: readonly AnyRow[];
  get: (row: AnyRow) => string;
}) {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const chosen = useEc2View((s) => s.views[kind]?.filter.facets[column]) ?? [];
  const values = useMemo(() => (at ? facetValues(rows, get) : []), [at, rows, get]);
  const text =
    chosen.length === 0
      ? label
      : chosen.length === 1
        ? `${label}: ${chosen[0]}`
        : `${label}: ${chosen.length}`;
  return (
    <>
      <button
        type="button"
        className={`btn small facet${chosen.length ? ' on' : ''}`}
        aria-haspopup="dialog"
        data-testid={`facet-${column}`}
        onClick={(e) => setAt(below(e))}
      >
        {text} ▾
      </button>
      {at ? (
        <Popover {...at} label={`Filter by ${label}`} onClose={() => setAt(null)}>
          <div className="check-list">
            {values.slice(0, LIMIT).map((f) => (
              <label key={f.value} className="check-item">
                <input
                  type="checkbox"
                  checked={chosen.includes(f.value)}
                  onChange={() => toggleFacet(kind, column, f.value)}
                  data-testid={`facet-${column}-${f.value}`}
                />
                <span className={f.value ? undefined : 'faint'}>{f.value || '(empty)'}</span>
                <span className="chip-count">{f.count}</span>
              </label>
            ))}
            {values.length > LIMIT ? (
              <div className="faint check-more">
                {values.length - LIMIT} more: use the search box
              </div>
            ) : null}
            {values.length === 0 ? <div className="faint check-more">No values.</div> : null}
          </div>
        </Popover>
      ) : null}
    </>
  );
}

/** Which columns show; remembered per table. */
export function ColumnChooser({
  kind,
  def,
  scope,
}: {
  kind: Ec2Kind;
  def: AnyDef;
  scope: { multiRegion: boolean; multiAccount: boolean };
}) {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const chosen = useEc2View((s) => s.views[kind]?.columns) ?? viewOf(kind).columns;
  return (
    <>
      <button
        type="button"
        className="btn small"
        aria-haspopup="dialog"
        title="Choose columns"
        data-testid="column-chooser"
        onClick={(e) => setAt(below(e))}
      >
        Columns ▾
      </button>
      {at ? (
        <Popover {...at} label="Columns" onClose={() => setAt(null)} testId="column-chooser-panel">
          <div className="check-list">
            {def.columns.map((c) => (
              <label key={c.id} className="check-item">
                <input
                  type="checkbox"
                  checked={isColumnVisible(c, chosen, scope)}
                  onChange={(e) => setColumn(kind, c.id, e.target.checked)}
                  data-testid={`column-${c.id}`}
                />
                <span>{c.label}</span>
              </label>
            ))}
          </div>
          <div className="menu-sep" />
          <button type="button" className="menu-item" onClick={() => resetColumns(kind)}>
            Reset to defaults
          </button>
        </Popover>
      ) : null}
    </>
  );
}
