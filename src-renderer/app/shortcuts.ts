/**
 * The keyboard, as one table: the window-wide hotkeys (what `installGlobalHotkeys` runs) and the keys
 * of dialogs, tabs, tables and each area (what they run themselves) — the `?` sheet is drawn from
 * these same tables, so it cannot tell a key the app does not have.
 */
import { chordMatches, isTyping } from '../ui/keys';
import { TABLE_KEYS } from '../ui/table-keys';
import { TAB_KEYS } from '../ui/TabList';
import { DIALOG_KEYS } from '../ui/Modal';
import { registry, type ShortcutDoc } from './contributions';
import { useNav } from './nav-store';

export interface Hotkey extends ShortcutDoc {
  id: string;
  /** `always`: even in a dialog or a text field; `outside-modal`; `outside-typing` (and modals). */
  scope: 'always' | 'outside-modal' | 'outside-typing';
  /** Default: any of `keys` matches. */
  match?(e: KeyboardEvent): boolean;
  /** Do it; false when it did not apply here (the key then goes on as usual). */
  run(e: KeyboardEvent): boolean | void;
}

const focusSearch = () => document.querySelector<HTMLInputElement>('[data-area-search]')?.focus();

export const GLOBAL_HOTKEYS: readonly Hotkey[] = [
  {
    id: 'palette',
    group: 'Anywhere',
    keys: ['Mod+K', 'Ctrl+Shift+P'],
    label: 'Command palette (Ctrl+Shift+P also inside a terminal)',
    scope: 'always',
    run: () => useNav.getState().setPalette(!useNav.getState().paletteOpen),
  },
  {
    id: 'area',
    group: 'Anywhere',
    keys: ['Mod+1…9'],
    label: 'Go to the area at that place in the sidebar',
    scope: 'outside-modal',
    match: (e) => (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && /^[1-9]$/.test(e.key),
    run(e) {
      const area = registry.areas()[Number(e.key) - 1];
      if (!area) return false;
      useNav.getState().goArea(area.id);
    },
  },
  {
    id: 'close-tab',
    group: 'Anywhere',
    keys: ['Mod+W'],
    label: 'Close the open tab',
    scope: 'outside-modal',
    run() {
      const nav = useNav.getState();
      if (nav.active === null) return false;
      nav.close(nav.active);
    },
  },
  {
    id: 'search',
    group: 'Anywhere',
    keys: ['/'],
    label: "Search the area's table",
    scope: 'outside-typing',
    run() {
      const nav = useNav.getState();
      if (nav.active !== null) {
        nav.activate(null);
        requestAnimationFrame(focusSearch);
      } else focusSearch();
    },
  },
  {
    id: 'shortcuts',
    group: 'Anywhere',
    keys: ['?'],
    label: 'This list of keys',
    scope: 'outside-typing',
    run: () => useNav.getState().setShortcuts(true),
  },
];

const modalOpen = () => document.querySelector('[aria-modal="true"]') !== null;

/** The hotkey a window-level key press means here, if any. */
export function hotkeyFor(e: KeyboardEvent): Hotkey | undefined {
  return GLOBAL_HOTKEYS.find((h) => {
    if (!(h.match ? h.match(e) : h.keys.some((k) => chordMatches(k, e)))) return false;
    if (h.scope === 'always') return true;
    if (modalOpen()) return false;
    return h.scope === 'outside-modal' || !isTyping(e.target);
  });
}

/** Every documented key, grouped in the order the sheet shows them. */
export function shortcutGroups(): { group: string; keys: ShortcutDoc[] }[] {
  const all: ShortcutDoc[] = [
    ...GLOBAL_HOTKEYS,
    ...TAB_KEYS,
    ...DIALOG_KEYS,
    ...TABLE_KEYS,
    ...registry.shortcuts(),
  ];
  const groups = new Map<string, ShortcutDoc[]>();
  for (const s of all) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return [...groups].map(([group, keys]) => ({ group, keys }));
}
