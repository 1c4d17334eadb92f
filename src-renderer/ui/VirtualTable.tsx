import {
  memo,
  useEffect,
  useId,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type Ref,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ColumnModel, SortState } from './table-model';

/** A drawn column of the table model: `label` is the header (and its name for screen readers). */
export interface Column<T> extends ColumnModel<T> {
  /** The header's name stays off screen (a menu column). */
  hideLabel?: boolean;
  /** A CSS grid track: `72px`, `minmax(140px, 2fr)` … */
  width: string;
  render(row: T): ReactNode;
  /** Default: when it has a `sortValue`. */
  sortable?: boolean;
  align?: 'right';
  className?: string;
  title?(row: T): string | undefined;
}

export type { SortState };

export interface VirtualTableProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string;
  label: string;
  testId?: string;
  rowTestId?(row: T): string | undefined;
  rowClassName?(row: T): string | undefined;
  sort?: SortState | null;
  onSort?(column: string): void;
  selected?: ReadonlySet<string>;
  /** The keyboard cursor row; scrolled into view when it changes. */
  focusKey?: string | null;
  onRowClick?(row: T, e: MouseEvent): void;
  onRowDoubleClick?(row: T, e: MouseEvent): void;
  onRowContextMenu?(row: T, e: MouseEvent): void;
  onKeyDown?(e: KeyboardEvent<HTMLDivElement>): void;
  containerRef?: Ref<HTMLDivElement>;
  empty?: ReactNode;
  rowHeight?: number;
}

const HEADER_H = 28;

/** A dense, virtualized grid (smooth at 10,000+ rows): sticky header, sortable columns, selection. */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { rows, columns, rowKey, sort, onSort, selected, focusKey, rowHeight = 26 } = props;
  const rowProps = {
    columns,
    rowTestId: props.rowTestId,
    rowClassName: props.rowClassName,
    onClick: props.onRowClick,
    onDoubleClick: props.onRowDoubleClick,
    onContextMenu: props.onRowContextMenu,
  };
  const scrollRef = useRef<HTMLDivElement | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin: HEADER_H,
    scrollPaddingStart: HEADER_H,
  });

  const id = useId();
  const focusIndex = focusKey == null ? -1 : rows.findIndex((r) => rowKey(r) === focusKey);
  const rendered = virtualizer.getVirtualItems();
  const cursorShown = rendered.some((item) => item.index === focusIndex);
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
  }, [focusIndex, virtualizer]);

  const template = columns.map((c) => c.width).join(' ');
  // Every row is its own grid: tracks must not depend on content, so rows line up. Below the
  // sum of the minimum widths the table scrolls sideways.
  const minWidth = columns.reduce((sum, c) => sum + Number(/(\d+)px/.exec(c.width)?.[1] ?? 60), 0);
  const setRefs = (el: HTMLDivElement | null) => {
    scrollRef.current = el;
    const r = props.containerRef;
    if (typeof r === 'function') r(el);
    else if (r) r.current = el;
  };

  return (
    <div
      ref={setRefs}
      className="vtable"
      role="grid"
      aria-label={props.label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-multiselectable={selected ? true : undefined}
      aria-activedescendant={cursorShown ? `${id}-r${focusIndex}` : undefined}
      data-testid={props.testId}
      tabIndex={0}
      onKeyDown={props.onKeyDown}
      style={{ '--cols': template, '--table-min': `${minWidth}px` } as CSSProperties}
    >
      <div className="vtable-head" role="row" aria-rowindex={1}>
        {columns.map((c) => (
          <HeaderCell key={c.id} column={c} sort={sort} onSort={onSort} />
        ))}
      </div>
      {rows.length === 0 && props.empty ? <div className="vtable-empty">{props.empty}</div> : null}
      <div className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
        {rendered.map((item) => {
          const row = rows[item.index]!;
          const key = rowKey(row);
          return (
            <Row
              key={key}
              id={`${id}-r${item.index}`}
              row={row}
              rowKey={key}
              index={item.index}
              top={item.start - HEADER_H}
              height={rowHeight}
              selected={selected ? selected.has(key) : undefined}
              cursor={key === focusKey}
              {...rowProps}
            />
          );
        })}
      </div>
    </div>
  );
}

/**
 * A header cell: `aria-sort` on every sortable column (none, ascending, descending), sorted by
 * a button so the keyboard can too; a column without a visible name still has one.
 */
function HeaderCell<T>({
  column: c,
  sort,
  onSort,
}: {
  column: Column<T>;
  sort: SortState | null | undefined;
  onSort: ((column: string) => void) | undefined;
}) {
  const active = sort?.column === c.id;
  const dir = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  const name = c.hideLabel ? <span className="sr-only">{c.label}</span> : <span>{c.label}</span>;
  const sortable = (c.sortable ?? c.sortValue !== undefined) && onSort;
  return (
    <div
      role="columnheader"
      className={`vtable-th${sortable ? ' sortable' : ''}${c.align === 'right' ? ' right' : ''}`}
      aria-sort={sortable ? dir : undefined}
    >
      {sortable ? (
        <button type="button" className="th-sort" onClick={() => onSort(c.id)}>
          {name}
          {active ? (
            <span className="sort-arrow" aria-hidden="true">
              {sort.dir === 'asc' ? '▲' : '▼'}
            </span>
          ) : null}
        </button>
      ) : (
        name
      )}
    </div>
  );
}

interface RowProps<T> {
  id: string;
  row: T;
  rowKey: string;
  index: number;
  top: number;
  height: number;
  selected: boolean | undefined;
  cursor: boolean;
  columns: readonly Column<T>[];
  rowTestId?: ((row: T) => string | undefined) | undefined;
  rowClassName?: ((row: T) => string | undefined) | undefined;
  onClick?: ((row: T, e: MouseEvent) => void) | undefined;
  onDoubleClick?: ((row: T, e: MouseEvent) => void) | undefined;
  onContextMenu?: ((row: T, e: MouseEvent) => void) | undefined;
}

/** One row; memoized so scrolling only renders the rows that come into view. */
const Row = memo(function Row<T>(p: RowProps<T>) {
  const { row, onClick, onDoubleClick, onContextMenu } = p;
  const cls = ['vtable-row', p.selected && 'selected', p.cursor && 'cursor', p.rowClassName?.(row)];
  return (
    <div
      id={p.id}
      role="row"
      aria-rowindex={p.index + 2}
      aria-selected={p.selected}
      className={cls.filter(Boolean).join(' ')}
      data-testid={p.rowTestId?.(row)}
      style={{ transform: `translateY(${p.top}px)`, height: p.height }}
      onClick={onClick ? (e) => onClick(row, e) : undefined}
      onDoubleClick={onDoubleClick ? (e) => onDoubleClick(row, e) : undefined}
      onContextMenu={onContextMenu ? (e) => onContextMenu(row, e) : undefined}
    >
      {p.columns.map((c) => (
        <div
          key={c.id}
          role="gridcell"
          className={`vtable-td${c.align === 'right' ? ' right' : ''}${c.className ? ` ${c.className}` : ''}`}
          title={c.title?.(row)}
        >
          {c.render(row)}
        </div>
      ))}
    </div>
  );
}) as <T>(p: RowProps<T> & { key?: string }) => ReactNode;
