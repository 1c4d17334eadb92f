import { useMemo, useState } from 'react';
import type { Host } from '../../../src-main/contract';
import { facetValues, type Facet } from '../../ui/table-model';
import { useHostsView } from './view-store';

const LIMIT = 14;

function ChipRow({
  label,
  items,
  active,
  onToggle,
}: {
  label: string;
  items: Facet[];
  active: readonly string[];
  onToggle(v: string): void;
}) {
  const [all, setAll] = useState(false);
  if (items.length === 0) return null;
  // Active chips always show, even when the list is cut short.
  const shown = all ? items : items.filter((f, i) => i < LIMIT || active.includes(f.value));
  return (
    <div className="chip-row" role="group" aria-label={label}>
      <span className="chip-label">{label}</span>
      {shown.map((f) => (
        <button
          key={f.value}
          type="button"
          className={`chip${active.includes(f.value) ? ' on' : ''}`}
          aria-pressed={active.includes(f.value)}
          data-testid={`chip-${label.toLowerCase()}-${f.value}`}
          onClick={() => onToggle(f.value)}
        >
          {f.value}
          <span className="chip-count">{f.count}</span>
        </button>
      ))}
      {items.length > LIMIT ? (
        <button type="button" className="btn ghost small" onClick={() => setAll(!all)}>
          {all ? 'fewer' : `+${items.length - shown.length} more`}
        </button>
      ) : null}
    </div>
  );
}

/** Group and tag chips built from the data; groups are alternatives, tags narrow down. */
export function FilterChips({ hosts }: { hosts: readonly Host[] }) {
  const groups = useMemo(() => facetValues(hosts, (h) => h.groups, 'name'), [hosts]);
  const tags = useMemo(() => facetValues(hosts, (h) => h.tags, 'name'), [hosts]);
  const filter = useHostsView((s) => s.filter);
  const toggle = useHostsView((s) => s.toggleFacet);
  const clear = useHostsView((s) => s.clearFilters);
  const chosenGroups = filter.facets.groups ?? [];
  const chosenTags = filter.facets.tags ?? [];
  const any = chosenGroups.length + chosenTags.length > 0 || filter.query !== '';
  return (
    <div className="chips">
      <ChipRow
        label="Groups"
        items={groups}
        active={chosenGroups}
        onToggle={(v) => toggle('groups', v)}
      />
      <ChipRow label="Tags" items={tags} active={chosenTags} onToggle={(v) => toggle('tags', v)} />
      {any ? (
        <button type="button" className="btn ghost small clear-filters" onClick={clear}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
