/**
 * Column helpers for `VirtualTable` and the table model: plain values, dates, statuses, label
 * chips and the row-menu column — each sortable where it makes sense, with a header name even
 * where none shows.
 */
import type { ReactNode } from 'react';
import type { Column } from './VirtualTable';
import { RowMenuButton } from './RowMenuButton';
import { StatusBadge } from './Status';
import type { Tone } from './status';
import { formatDateTime } from './format';

/** What an empty cell shows. */
export const dash = <span className="faint">—</span>;
export const mono = { className: 'mono' };

/** A plain text/number column: sortable, titled, '—' when empty. */
export function col<T>(
  id: string,
  label: string,
  width: string,
  get: (row: T) => string | number,
  more: Partial<Column<T>> = {},
): Column<T> {
  return {
    id,
    label,
    width,
    sortValue: get,
    render: (r) => {
      const v = get(r);
      return v === '' ? dash : v;
    },
    title: (r) => String(get(r)) || undefined,
    ...more,
  };
}

/** An ISO date-time: shown local and mono, sorted by time. */
export function dateCol<T>(
  id: string,
  label: string,
  get: (row: T) => string,
  more: Partial<Column<T>> = {},
): Column<T> {
  return col<T>(id, label, '156px', get, {
    className: 'mono',
    render: (r) => (get(r) ? formatDateTime(get(r)) : dash),
    title: (r) => get(r) || undefined,
    ...more,
  });
}

/** A status as a badge (the one colour vocabulary), sorted and offered as a facet. */
export function statusCol<T>(
  id: string,
  label: string,
  get: (row: T) => string,
  tone: (value: string, row: T) => Tone,
  more: Partial<Column<T>> = {},
): Column<T> {
  return {
    id,
    label,
    width: '116px',
    sortValue: get,
    facet: get,
    render: (r) => (get(r) ? <StatusBadge tone={tone(get(r), r)}>{get(r)}</StatusBadge> : dash),
    ...more,
  };
}

/** Small label chips (groups, tags). */
export function Labels({ values }: { values: readonly string[] }) {
  if (values.length === 0) return null;
  return (
    <span className="labels">
      {values.map((v) => (
        <span key={v} className="label">
          {v}
        </span>
      ))}
    </span>
  );
}

/** The last column: the row's `⋯` menu (named "Actions" for screen readers). */
export function menuColumn<T>(menu: {
  /** "Actions for db1" */
  label(row: T): string;
  testId(row: T): string;
  open(row: T, x: number, y: number): void;
}): Column<T> {
  return {
    id: 'menu',
    label: 'Actions',
    hideLabel: true,
    width: '30px',
    render: (r): ReactNode => (
      <RowMenuButton
        label={menu.label(r)}
        testId={menu.testId(r)}
        onOpen={(x, y) => menu.open(r, x, y)}
      />
    ),
  };
}
