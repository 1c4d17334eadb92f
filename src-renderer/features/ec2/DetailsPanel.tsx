import { useState } from 'react';
import { Menu, type MenuEntry } from '../../ui/Menu';
import type { AnyDef } from './defs/types';
import type { AnyRow, Ec2Kind } from './model/kinds';
import { labelOf } from './model/kinds';

const SHOWN = 3;

/** The row under the cursor, every field, with its main actions (all of them under More). */
export function DetailsPanel({
  kind,
  def,
  row,
  selected,
}: {
  kind: Ec2Kind;
  def: AnyDef;
  row: AnyRow | undefined;
  selected: number;
}) {
  const [more, setMore] = useState<{ x: number; y: number } | null>(null);
  if (!row) {
    return (
      <aside className="ec2-details" aria-label="Details">
        <p className="faint">Select a row to see its details.</p>
      </aside>
    );
  }
  const all = def.menu([row]);
  const main = all.filter(
    (m): m is Extract<MenuEntry, { label: string }> =>
      !('separator' in m) && !m.disabled && !m.danger,
  );
  return (
    <aside className="ec2-details" aria-label="Details" data-testid="ec2-details">
      <header className="details-head">
        <h2 className="mono" title={labelOf(kind, row)}>
          {labelOf(kind, row)}
        </h2>
        {selected > 1 ? <span className="faint">cursor row of {selected} selected</span> : null}
      </header>
      <div className="details-actions">
        {main.slice(0, SHOWN).map((a) => (
          <button
            key={a.id}
            type="button"
            className="btn small"
            onClick={a.onSelect}
            data-testid={a.testId ? `details-${a.testId}` : undefined}
          >
            {a.label}
          </button>
        ))}
        {all.length > SHOWN ? (
          <button
            type="button"
            className="btn small"
            aria-haspopup="menu"
            data-testid="details-more"
            onClick={(e) => {
              const r = e.currentTarget.getBoundingClientRect();
              setMore({ x: r.left, y: r.bottom + 2 });
            }}
          >
            More ▾
          </button>
        ) : null}
      </div>
      <div className="details-body">{def.details(row)}</div>
      {more ? (
        <Menu
          {...more}
          items={all}
          label={`Actions for ${labelOf(kind, row)}`}
          onClose={() => setMore(null)}
        />
      ) : null}
    </aside>
  );
}
