import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { Menu } from '../../ui/Menu';
import { menuColumn } from '../../ui/columns';
import { visibleSelection, type Selection } from '../../ui/selection';
import { contextSelect, rowClick, tableKey, type SelectableTable } from '../../ui/table-keys';
import type { AnyRow, Ec2Kind } from './model/kinds';
import { rowKey } from './model/kinds';
import type { AnyDef, Ec2Column } from './defs/types';
import { setSelection, sortBy, toggleDetails, useEc2View, viewOf } from './view-store';

/** The row a menu was opened on, and where. */
interface MenuAt {
  row: AnyRow;
  x: number;
  y: number;
}

/** One EC2 table on the shared VirtualTable: selection, keyboard, row and context menus. */
export function ResourceTable({
  kind,
  def,
  rows,
  columns,
  empty,
}: {
  kind: Ec2Kind;
  def: AnyDef;
  rows: AnyRow[];
  columns: readonly Ec2Column<AnyRow>[];
  empty: string;
}) {
  const view = useEc2View((s) => s.views[kind]) ?? viewOf(kind);
  const { selection, sort } = view;
  const [menuAt, setMenuAt] = useState<MenuAt | null>(null);
  const container = useRef<HTMLDivElement | null>(null);
  const key = (r: AnyRow) => rowKey(kind, r);
  const order = useMemo(() => rows.map((r) => rowKey(kind, r)), [rows, kind]);
  const byKey = useMemo(() => new Map(rows.map((r) => [rowKey(kind, r), r])), [rows, kind]);
  const selectedRows = () =>
    visibleSelection(selection, order)
      .map((k) => byKey.get(k))
      .filter((r): r is AnyRow => r !== undefined);

  // The menu acts on the selection its row belongs to (read when drawn: a right-click selects
  // first), else on that row alone.
  const menuRows = (row: AnyRow) =>
    selection.selected.has(key(row))
      ? visibleSelection(selection, order)
          .map((k) => byKey.get(k))
          .filter((r): r is AnyRow => r !== undefined)
      : [row];
  const showMenu = (row: AnyRow, x: number, y: number) => setMenuAt({ row, x, y });

  // Stable columns keep the rows memoized: a selection change or a background refresh
  // re-renders only the rows that changed.
  const table = useMemo<Column<AnyRow>[]>(
    () => [
      ...columns,
      menuColumn<AnyRow>({
        label: (r) => `Actions for ${def.testName(r)}`,
        testId: (r) => `ec2-menu-${def.testName(r)}`,
        open: (row, x, y) => setMenuAt({ row, x, y }),
      }),
    ],
    [columns, def],
  );

  const nav: SelectableTable = {
    order,
    selection,
    setSelection: (sel: Selection) => setSelection(kind, sel),
    container,
  };
  const onRowClick = (r: AnyRow, e: MouseEvent) => rowClick(nav, key(r), e);
  const onContextMenu = (r: AnyRow, e: MouseEvent) => {
    e.preventDefault();
    contextSelect(nav, key(r));
    showMenu(r, e.clientX, e.clientY);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const openCursorMenu = (x: number, y: number) => {
      const cur = selection.cursor ? byKey.get(selection.cursor) : undefined;
      if (!cur) return false;
      showMenu(cur, x, y);
      return true;
    };
    if (tableKey(nav, e, openCursorMenu)) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      toggleDetails();
      return;
    }
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'c') {
      const ids = selectedRows().map((r) => def.testName(r));
      if (ids.length) void navigator.clipboard?.writeText(ids.join('\n')).catch(() => undefined);
    }
  };

  return (
    <>
      <VirtualTable
        rows={rows}
        columns={table}
        rowKey={key}
        label={def.noun.many}
        testId={`ec2-table-${kind}`}
        rowTestId={(r) => `ec2-row-${def.testName(r)}`}
        sort={sort}
        onSort={(c) => sortBy(kind, c)}
        selected={selection.selected}
        focusKey={selection.cursor}
        onRowClick={onRowClick}
        onRowDoubleClick={() => useEc2View.setState({ details: true })}
        onRowContextMenu={onContextMenu}
        onKeyDown={onKeyDown}
        containerRef={container}
        empty={<span className="muted">{empty}</span>}
      />
      {menuAt ? (
        <Menu
          x={menuAt.x}
          y={menuAt.y}
          items={def.menu(menuRows(menuAt.row))}
          label={`Actions for ${def.testName(menuAt.row)}`}
          onClose={() => setMenuAt(null)}
        />
      ) : null}
    </>
  );
}
