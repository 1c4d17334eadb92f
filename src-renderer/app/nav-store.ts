import { create } from 'zustand';
import { closeTab, openTab, type Tab, type TabSpec } from './tabs';

export type Area =
  | 'hosts'
  | 'ec2'
  | 'terminals'
  | 'exec'
  | 'tunnels'
  | 'runs'
  | 'audit'
  | 'settings'
  | 'mysql'
  | 'charts'
  | 'checks'
  | 'backups';

interface NavState {
  area: Area;
  tabs: readonly Tab[];
  active: string | null;
  paletteOpen: boolean;
  /** The keyboard shortcuts sheet (`?`). */
  shortcutsOpen: boolean;
  goArea(area: Area): void;
  open(spec: TabSpec): void;
  close(key: string): void;
  activate(key: string | null): void;
  setPalette(open: boolean): void;
  setShortcuts(open: boolean): void;
}

/** Where the user is: area, open tabs, palette. */
export const useNav = create<NavState>((set) => ({
  area: 'hosts',
  tabs: [],
  active: null,
  paletteOpen: false,
  shortcutsOpen: false,
  goArea: (area) => set({ area, active: null }),
  open: (spec) => set((s) => openTab(s, spec)),
  close: (key) => set((s) => closeTab(s, key)),
  activate: (active) => set({ active }),
  setPalette: (paletteOpen) => set({ paletteOpen }),
  setShortcuts: (shortcutsOpen) => set({ shortcutsOpen }),
}));

export const nav = () => useNav.getState();
