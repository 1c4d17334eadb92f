import type { ReactNode } from 'react';
import { StatusBadge } from '../../../ui/Status';
import type { Tone } from '../../../ui/status';
import { col, dash, dateCol, Labels, mono, statusCol } from '../../../ui/columns';
import { stateTone } from '../model/tones';
import type { Ec2Column } from './types';

/** A mono value for the details panel ('—' when empty); `sel` makes it easy to select. */
export function m(value: string, sel = false) {
  return value ? <span className={`mono${sel ? ' selectable' : ''}`}>{value}</span> : dash;
}

export function State({ state, tone }: { state: string; tone?: Tone }) {
  if (!state) return dash;
  return <StatusBadge tone={tone ?? stateTone(state)}>{state}</StatusBadge>;
}

export function Tags({ tags }: { tags: Record<string, string> }) {
  const entries = Object.entries(tags).filter(([k]) => k !== 'Name');
  if (!entries.length) return dash;
  return <Labels values={entries.map(([k, v]) => (v ? `${k}=${v}` : k))} />;
}

export const tagsText = (tags: Record<string, string>) =>
  Object.entries(tags)
    .map(([k, v]) => (v ? `${k}=${v}` : k))
    .join(', ');

export { col, dash, dateCol, mono };

/** The State column: sorted, faceted and shown as a status badge (`tone`: other than stateTone). */
export function stateCol<T>(
  get: (row: T) => string,
  width = '116px',
  tone?: (state: string) => Tone,
): Ec2Column<T> {
  return statusCol<T>('state', 'State', get, (s) => tone?.(s) ?? stateTone(s), { width });
}

/** The region and account columns every table has (shown when the table mixes them). */
export function scopeCols<T extends { region: string; account: string }>(): Ec2Column<T>[] {
  return [
    col<T>('region', 'Region', '104px', (r) => r.region, {
      facet: (r) => r.region,
      visible: 'multi-region',
      className: 'mono',
    }),
    col<T>('account', 'Account', '96px', (r) => r.account, {
      facet: (r) => r.account,
      visible: 'multi-account',
    }),
  ];
}

export function tagsCol<T extends { tags: Record<string, string> }>(visible = true): Ec2Column<T> {
  return {
    id: 'tags',
    label: 'Tags',
    width: 'minmax(120px, 1.2fr)',
    sortValue: (r) => tagsText(r.tags),
    render: (r) => <Tags tags={r.tags} />,
    title: (r) => tagsText(r.tags) || undefined,
    visible,
  };
}

/** Key/value rows of the details panel. */
export function Kv({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <div className="kv">
      {rows.map(([k, v]) => (
        <KvRow key={k} label={k} value={v} />
      ))}
    </div>
  );
}
function KvRow({ label, value }: { label: string; value: ReactNode }) {
  return (
    <>
      <span>{label}</span>
      <span>{value === '' || value === undefined || value === null ? dash : value}</span>
    </>
  );
}

export function TagList({ tags }: { tags: Record<string, string> }) {
  const entries = Object.entries(tags);
  if (!entries.length) return <p className="faint">No tags.</p>;
  return (
    <table className="kv-table">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <td className="mono">{k}</td>
            <td className="mono">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
