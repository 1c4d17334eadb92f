import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { Host } from '../../../src-main/contract';
import { VirtualTable } from '../../ui/VirtualTable';
import { Menu, type MenuEntry } from '../../ui/Menu';
import { hostColumns } from './host-columns';
import { hostMenuItems } from './host-menu';
import { addHost, openHost, removeHosts } from './host-actions';
import { useHostsView } from './view-store';
import { clickSelect, emptySelection, moveCursor, selectAll, visibleSelection } from './selection';
import type { HostColumn } from './table-model';

interface MenuState {
  x: number;
  y: number;
  items: MenuEntry[];
  label: string;
}

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

  const showMenu = (h: Host, x: number, y: number) => {
    const ids = selection.selected.has(h.id) ? selectedIds : [];
    setMenu({ x, y, items: hostMenuItems(h, ids), label: `Actions for ${h.name}` });
  };
  const columns = hostColumns((h, e: MouseEvent<HTMLElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    showMenu(h, r.right - 220, r.bottom + 2);
  });

  const onRowClick = (h: Host, e: MouseEvent) => {
    container.current?.focus();
    setSelection(
      clickSelect(selection, h.id, order, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }),
    );
  };
  const onContextMenu = (h: Host, e: MouseEvent) => {
    e.preventDefault();
    const sel = selection.selected.has(h.id) ? selection : clickSelect(emptySelection, h.id, order);
    setSelection(sel);
    const ids = visibleSelection(sel, order);
    setMenu({
      x: e.clientX,
      y: e.clientY,
      items: hostMenuItems(h, ids),
      label: `Actions for ${h.name}`,
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((container.current?.clientHeight ?? 260) / 26) - 2);
    const move = (delta: number) => {
      e.preventDefault();
      setSelection(moveCursor(selection, order, delta, e.shiftKey));
    };
    const cursorHost = selection.cursor ? byId.get(selection.cursor) : undefined;
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
        if (cursorHost) openHost(cursorHost);
        return;
      case 'Delete':
        e.preventDefault();
        removeHosts(selectedIds);
        return;
      case 'Escape':
        setSelection(emptySelection);
        return;
      case 'ContextMenu':
      case 'F10':
        if (e.key === 'F10' && !e.shiftKey) return;
        if (cursorHost) {
          e.preventDefault();
          const r = container.current?.getBoundingClientRect();
          showMenu(cursorHost, (r?.left ?? 0) + 160, (r?.top ?? 0) + 80);
        }
        return;
    }
    if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      setSelection(selectAll(order, selection));
    } else if (!mod && !e.altKey && e.key === 'n') {
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
        onSort={(c) => sortBy(c as HostColumn)}
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
