import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { Host } from '../../../src-main/contract';
import { VirtualTable } from '../../ui/VirtualTable';
import { Menu, type MenuProps } from '../../ui/Menu';
import { contextSelect, rowClick, tableKey, type SelectableTable } from '../../ui/table-keys';
import { hostColumns } from './host-columns';
import { hostMenuItems } from './host-menu';
import { addHost, openHost, removeHosts } from './host-actions';
import { useHostsView } from './view-store';
import { visibleSelection } from '../../ui/selection';

type MenuState = Omit<MenuProps, 'onClose'>;

/** The inventory grid: click/Shift/Ctrl selection, keyboard navigation, row and context menus. */
export function HostsTable({ rows, order }: { rows: Host[]; order: string[] }) {
  const sort = useHostsView((s) => s.sort);
  const sortBy = useHostsView((s) => s.sortBy);
  const selection = useHostsView((s) => s.selection);
  const setSelection = useHostsView((s) => s.setSelection);
  const [menu, setMenu] = useState<MenuState | null>(null);
  const container = useRef<HTMLDivElement | null>(null);

  const byId = useMemo(() => new Map(rows.map((h) => [h.id, h])), [rows]);
  const selectedIds = useMemo(() => visibleSelection(selection, order), [selection, order]);

  const menuFor = (h: Host, ids: string[]) => hostMenuItems(h, ids);
  const showMenu = (h: Host, x: number, y: number) => {
    const ids = selection.selected.has(h.id) ? selectedIds : [];
    setMenu({ x, y, items: menuFor(h, ids), label: `Actions for ${h.name}` });
  };
  const columns = hostColumns(showMenu);
  const nav: SelectableTable = { order, selection, setSelection, container };

  const onRowClick = (h: Host, e: MouseEvent) => rowClick(nav, h.id, e);
  const onContextMenu = (h: Host, e: MouseEvent) => {
    e.preventDefault();
    const ids = visibleSelection(contextSelect(nav, h.id), order);
    setMenu({
      x: e.clientX,
      y: e.clientY,
      items: menuFor(h, ids),
      label: `Actions for ${h.name}`,
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const cursorHost = selection.cursor ? byId.get(selection.cursor) : undefined;
    const openCursorMenu = (x: number, y: number) => {
      if (!cursorHost) return false;
      showMenu(cursorHost, x, y);
      return true;
    };
    if (tableKey(nav, e, openCursorMenu)) return;
    const mod = e.ctrlKey || e.metaKey;
    switch (e.key) {
      case 'Enter':
        if (cursorHost) openHost(cursorHost);
        return;
      case 'Delete':
        e.preventDefault();
        removeHosts(selectedIds);
        return;
    }
    if (!mod && !e.altKey && e.key === 'n') {
      e.preventDefault();
      addHost();
    }
  };

  return (
    <>
      <VirtualTable
        rows={rows}
        columns={columns}
        rowKey={(h) => h.id}
        label="Hosts"
        testId="hosts-table"
        rowTestId={(h) => `host-row-${h.name}`}
        sort={sort}
        onSort={sortBy}
        selected={selection.selected}
        focusKey={selection.cursor}
        onRowClick={onRowClick}
        onRowDoubleClick={(h) => openHost(h)}
        onRowContextMenu={onContextMenu}
        onKeyDown={onKeyDown}
        containerRef={container}
        empty={<span className="muted">No host matches the search and filters.</span>}
      />
      {menu ? <Menu {...menu} onClose={() => setMenu(null)} /> : null}
    </>
  );
}
