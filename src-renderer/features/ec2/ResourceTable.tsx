import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { Menu, type MenuEntry } from '../../ui/Menu';
import {
  clickSelect,
  emptySelection,
  moveCursor,
  selectAll,
  visibleSelection,
} from '../hosts/selection';
import type { AnyRow, Ec2Kind } from './model/kinds';
import { rowKey } from './model/kinds';
import type { AnyDef, Ec2Column } from './defs/types';
import { setSelection, sortBy, toggleDetails, useEc2View, viewOf } from './view-store';

interface MenuState {
  x: number;
  y: number;
  items: MenuEntry[];
  label: string;
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
          <button
            type="button"
            className="btn ghost icon row-menu"
            aria-label={`Actions for ${def.testName(r)}`}
            data-testid={`ec2-menu-${def.testName(r)}`}
            tabIndex={-1}
            onClick={(e) => {
              e.stopPropagation();
              const b = e.currentTarget.getBoundingClientRect();
              menuAt.current(r, b.right - 220, b.bottom + 2);
            }}
          >
            ⋯
          </button>
        ),
      },
    ],
    [columns, def],
  );

  const onRowClick = (r: AnyRow, e: MouseEvent) => {
    container.current?.focus();
    setSelection(
      kind,
      clickSelect(selection, key(r), order, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }),
    );
  };
  const onContextMenu = (r: AnyRow, e: MouseEvent) => {
    e.preventDefault();
    const sel = selection.selected.has(key(r))
      ? selection
      : clickSelect(emptySelection, key(r), order);
    setSelection(kind, sel);
    showMenu(r, e.clientX, e.clientY, sel);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((container.current?.clientHeight ?? 260) / 26) - 2);
    const move = (delta: number) => {
      e.preventDefault();
      setSelection(kind, moveCursor(selection, order, delta, e.shiftKey));
    };
    const mod = e.ctrlKey || e.metaKey;
    switch (e.key) {
      case 'ArrowDown':
        return move(1);
      case 'ArrowUp':
        return move(-1);
      case 'PageDown':
        return move(page);
      case 'PageUp':
        return move(-page);
      case 'Home':
        return move(-Infinity);
      case 'End':
        return move(Infinity);
      case 'Enter':
        e.preventDefault();
        toggleDetails();
        return;
      case 'Escape':
        setSelection(kind, emptySelection);
        return;
      case 'ContextMenu':
      case 'F10': {
        if (e.key === 'F10' && !e.shiftKey) return;
        const cur = selection.cursor ? byKey.get(selection.cursor) : undefined;
        if (cur) {
          e.preventDefault();
          const r = container.current?.getBoundingClientRect();
          showMenu(cur, (r?.left ?? 0) + 160, (r?.top ?? 0) + 80);
        }
        return;
      }
    }
    if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      setSelection(kind, selectAll(order, selection));
    } else if (mod && e.key.toLowerCase() === 'c') {
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
