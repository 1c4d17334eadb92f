import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { Menu, type MenuProps } from '../../ui/Menu';
import { RowMenuButton } from '../../ui/RowMenuButton';
import { visibleSelection, type Selection } from '../../ui/selection';
import { contextSelect, rowClick, tableKey, type SelectableTable } from '../../ui/table-keys';
import type { AnyRow, Ec2Kind } from './model/kinds';
import { rowKey } from './model/kinds';
import type { AnyDef, Ec2Column } from './defs/types';
import { setSelection, sortBy, toggleDetails, useEc2View, viewOf } from './view-store';

type MenuState = Omit<MenuProps, 'onClose'>;

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
  const [menu, setMenu] = useState<MenuState | null>(null);
  const container = useRef<HTMLDivElement | null>(null);
  const key = (r: AnyRow) => rowKey(kind, r);
  const order = useMemo(() => rows.map((r) => rowKey(kind, r)), [rows, kind]);
  const byKey = useMemo(() => new Map(rows.map((r) => [rowKey(kind, r), r])), [rows, kind]);
  const selectedRows = () =>
    visibleSelection(selection, order)
      .map((k) => byKey.get(k))
      .filter((r): r is AnyRow => r !== undefined);

  const showMenu = (row: AnyRow, x: number, y: number, sel = selection) => {
    const inSel = sel.selected.has(key(row));
    const list = inSel
      ? visibleSelection(sel, order)
          .map((k) => byKey.get(k))
          .filter((r): r is AnyRow => r !== undefined)
      : [row];
    setMenu({ x, y, items: def.menu(list), label: `Actions for ${def.testName(row)}` });
  };

  // Stable columns keep the rows memoized: a selection change or a background refresh
  // re-renders only the rows that changed. The menu button reads the latest state via a ref.
  const menuAt = useRef(showMenu);
  useEffect(() => {
    menuAt.current = showMenu;
  });
  const table = useMemo<Column<AnyRow>[]>(
    () => [
      ...columns.map((c) => ({
        id: c.id,
        label: c.label,
        width: c.width,
        render: c.render,
        sortable: c.sortValue !== undefined,
        ...(c.align ? { align: c.align } : {}),
        ...(c.className ? { className: c.className } : {}),
        ...(c.title ? { title: c.title } : {}),
      })),
      {
        id: 'menu',
        label: '',
        width: '30px',
        render: (r) => (
          <RowMenuButton
            label={`Actions for ${def.testName(r)}`}
            testId={`ec2-menu-${def.testName(r)}`}
            onOpen={(x, y) => menuAt.current(r, x, y)}
          />
        ),
      },
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
    showMenu(r, e.clientX, e.clientY, contextSelect(nav, key(r)));
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
      {menu ? <Menu {...menu} onClose={() => setMenu(null)} /> : null}
    </>
  );
}
