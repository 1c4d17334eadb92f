import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { FileEntry } from '../../../src-main/contract';
import { Menu, type MenuEntry } from '../../ui/Menu';
import { VirtualTable } from '../../ui/VirtualTable';
import { COMPACT_COLUMNS, FILE_COLUMNS } from './file-columns';
import {
  findByPrefix,
  isDirLike,
  joinPath,
  nextSort,
  visibleEntries,
  type FileSort,
  type FileSortColumn,
} from './file-rows';
import { goUp, openEntry } from './files-actions';
import { patchBrowser, useFiles } from './files-store';
import { compareFileWith } from '../diff/open-compare';

const ROW_H = 26;
const DEFAULT_SORT: FileSort = { column: 'name', dir: 'asc' };

/**
 * The folder's entries: arrows / PageUp / PageDown / Home / End move, Enter opens, Backspace goes
 * up, typing jumps to a name. Right-click (or Shift+F10) for the entry's actions.
 */
export function FileList({ hostId }: { hostId: string }) {
  const b = useFiles((s) => s.browsers[hostId]);
  const container = useRef<HTMLDivElement | null>(null);
  const typed = useRef({ text: '', at: 0 });
  const [menu, setMenu] = useState<{ x: number; y: number; entry: FileEntry } | null>(null);
  const entries = b?.listing?.entries;
  const sort = b?.sort ?? DEFAULT_SORT;
  const showHidden = b?.showHidden ?? false;
  const rows = useMemo(
    () => visibleEntries(entries ?? [], { sort, showHidden }),
    [entries, sort, showHidden],
  );
  if (!b) return null;
  const cursorIndex = rows.findIndex((r) => r.name === b.cursor);
  const setCursor = (e: FileEntry | undefined) => e && patchBrowser(hostId, { cursor: e.name });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor((container.current?.clientHeight ?? 260) / ROW_H) - 2);
    const move = (delta: number) => {
      e.preventDefault();
      const at = cursorIndex < 0 ? (delta > 0 ? -1 : rows.length) : cursorIndex;
      setCursor(rows[Math.max(0, Math.min(rows.length - 1, at + delta))]);
    };
    const current = rows[cursorIndex];
    switch (e.key) {
      case 'ArrowDown':
        return move(1);
      case 'ArrowUp':
        return e.altKey ? undefined : move(-1);
      case 'PageDown':
        return move(page);
      case 'PageUp':
        return move(-page);
      case 'Home':
        return move(-rows.length);
      case 'End':
        return move(rows.length);
      case 'Enter':
        if (current) openEntry(hostId, current);
        return;
      case 'Backspace':
        e.preventDefault();
        return goUp(hostId);
      case 'ContextMenu':
      case 'F10':
        if ((e.key === 'F10' && !e.shiftKey) || !current) return;
        e.preventDefault();
        {
          const r = container.current?.getBoundingClientRect();
          setMenu({ x: (r?.left ?? 0) + 160, y: (r?.top ?? 0) + 80, entry: current });
        }
        return;
    }
    if (e.key.length === 1 && !e.altKey && e.key !== ' ') {
      const now = Date.now();
      typed.current = {
        text: (now - typed.current.at < 800 ? typed.current.text : '') + e.key,
        at: now,
      };
      const from = typed.current.text.length > 1 ? cursorIndex - 1 : cursorIndex;
      setCursor(findByPrefix(rows, typed.current.text, from));
    }
  };

  const menuItems = (entry: FileEntry): MenuEntry[] => {
    const path = b.path ? joinPath(b.path, entry.name) : entry.name;
    return [
      {
        id: 'open',
        label: isDirLike(entry) ? 'Open folder' : 'Open in editor',
        shortcut: 'Enter',
        testId: 'file-action-open',
        onSelect: () => openEntry(hostId, entry),
      },
      {
        id: 'download',
        label: 'Download…',
        testId: 'file-action-download',
        disabled: isDirLike(entry),
        onSelect: () => patchBrowser(hostId, { dialog: { kind: 'download', remotePath: path } }),
      },
      {
        id: 'compare',
        label: 'Compare with…',
        testId: 'file-action-compare',
        disabled: isDirLike(entry),
        onSelect: () => compareFileWith(hostId, path),
      },
      {
        id: 'copy',
        label: 'Copy path',
        testId: 'file-action-copy-path',
        onSelect: () => void navigator.clipboard?.writeText(path).catch(() => undefined),
      },
    ];
  };

  return (
    <>
      <VirtualTable
        rows={rows}
        columns={b.editor ? COMPACT_COLUMNS : FILE_COLUMNS}
        rowKey={(e) => e.name}
        label={`Files in ${b.path ?? ''}`}
        testId="file-list"
        rowTestId={(e) => `file-row-${e.name}`}
        sort={sort}
        onSort={(c) => patchBrowser(hostId, { sort: nextSort(sort, c as FileSortColumn) })}
        selected={new Set(b.cursor ? [b.cursor] : [])}
        focusKey={b.cursor}
        onRowClick={(e) => {
          container.current?.focus();
          setCursor(e);
        }}
        onRowDoubleClick={(e) => openEntry(hostId, e)}
        onRowContextMenu={(e, ev: MouseEvent) => {
          ev.preventDefault();
          setCursor(e);
          setMenu({ x: ev.clientX, y: ev.clientY, entry: e });
        }}
        onKeyDown={onKeyDown}
        containerRef={container}
        rowHeight={ROW_H}
        empty={
          <span className="muted">
            {b.loading ? 'Loading…' : entries?.length ? 'Only hidden files here.' : 'Empty folder.'}
          </span>
        }
      />
      {menu ? (
        <Menu
          x={menu.x}
          y={menu.y}
          items={menuItems(menu.entry)}
          label={`Actions for ${menu.entry.name}`}
          onClose={() => setMenu(null)}
        />
      ) : null}
    </>
  );
}
