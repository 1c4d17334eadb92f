/**
 * What areas contribute to the shell: their screen in the sidebar, document tabs, palette
 * commands, host actions (menu, details buttons, palette), feeds, dialogs mounted once, status
 * bar items. The shell reads this registry and imports no area; an area imports only areas
 * before it (eslint/layers.js), and `src-renderer/areas.ts` loads them all at start.
 */
import type { ComponentType } from 'react';
import type { Host } from '../../src-main/contract';
import type { Area } from './nav-store';
import type { Tab } from './tabs';
import type { ShortcutDoc } from '../ui/keys';

export type { ShortcutDoc };

export interface AreaContribution {
  id: Area;
  label: string;
  /** Place in the sidebar, and its Ctrl+N shortcut. */
  order: number;
  /** Words the palette's "Go to …" command also answers to. */
  keywords?: string;
  Screen: ComponentType;
  /** A count beside the area's name (a hook: the sidebar re-renders when it changes). */
  useBadge?: () => { count: number; title: string } | null;
}

type TabKind = Tab['kind'];
type TabOf<K extends TabKind> = Extract<Tab, { kind: K }>;

export interface TabContribution<K extends TabKind = TabKind> {
  kind: K;
  /** The chip before the title: "Host", "Run". */
  label: string;
  View: ComponentType<{ tab: TabOf<K> }>;
  /** A title that follows the data (a renamed host); default: the title it was opened with. */
  Title?: ComponentType<{ tab: TabOf<K> }>;
}

export interface PaletteContribution {
  /** Stable id (also its test id: `palette-<id>`). */
  id: string;
  group: 'Hosts' | 'EC2' | 'View' | 'Config';
  label: string;
  keywords?: string;
  run(): void;
}

/** Something to do to one host: in its row menu, its details tab, and the palette. */
export interface HostActionContribution {
  id: string;
  /** Menu label; `selected`: how many hosts the action applies to (1 without a selection). */
  label: (selected: number) => string;
  /** Position in the menu; from 200 on, the "manage" part below a separator. */
  order: number;
  testId: string;
  shortcut?: string;
  danger?: boolean;
  /** Offered for this host only when true (e.g. hosts with a MySQL login). */
  when?: (host: Host) => boolean;
  /** `selection`: ids of the selected hosts when this host is one of them, else [host.id]. */
  run: (host: Host, selection: string[]) => void;
  /** Also a button in the host's details tab. */
  button?: { testId: string; label: string; primary?: boolean };
  /** Also a palette command for a host typed by name: the label for that host. */
  palette?: (name: string) => string;
}

/** A button in the host list's toolbar, acting on the selected hosts (or on none). */
export interface HostListActionContribution {
  id: string;
  /** Shown for this many selected hosts (0: nothing selected). */
  when: (selected: number) => boolean;
  label: (selected: number) => string;
  title: (selected: number) => string;
  testId: string;
  run: (selection: string[]) => void;
}

export interface FeedContribution {
  /** Fetch, then follow the area's events; returns the stop. */
  start(): () => void;
  /** After a reconnect (events may have been missed): fetch again. */
  resync?(): void;
}

/** The inventory, for the shell's palette (the hosts area owns it). */
export interface HostList {
  hosts: readonly Host[];
  byId: ReadonlyMap<string, Host>;
}

export interface Contribution {
  /** The hook that reads the inventory (contributed once, by the hosts area). */
  useHostList?: () => HostList;
  areas?: AreaContribution[];
  tabs?: TabContribution<never>[];
  palette?: PaletteContribution[];
  hostActions?: HostActionContribution[];
  hostListActions?: HostListActionContribution[];
  feeds?: FeedContribution[];
  /** Mounted once by the shell (dialogs any area or the palette can open). */
  overlays?: ComponentType[];
  statusItems?: ComponentType[];
  /** Keys the area handles itself (its tables, its terminal), for the `?` sheet. */
  shortcuts?: ShortcutDoc[];
}

const noHosts: HostList = { hosts: [], byId: new Map() };

const all = {
  useHostList: (): HostList => noHosts,
  areas: [] as AreaContribution[],
  tabs: new Map<TabKind, TabContribution<never>>(),
  palette: [] as PaletteContribution[],
  hostActions: [] as HostActionContribution[],
  hostListActions: [] as HostListActionContribution[],
  feeds: [] as FeedContribution[],
  overlays: [] as ComponentType[],
  statusItems: [] as ComponentType[],
  shortcuts: [] as ShortcutDoc[],
};

/** A tab kind's contribution, typed for `contribute({ tabs: [tab({...})] })`. */
export const tab = <K extends TabKind>(c: TabContribution<K>) =>
  c as unknown as TabContribution<never>;

/** Called once by each area at start (`src-renderer/areas.ts`). */
export function contribute(c: Contribution): void {
  if (c.useHostList) all.useHostList = c.useHostList;
  all.areas.push(...(c.areas ?? []));
  all.areas.sort((a, b) => a.order - b.order);
  for (const t of c.tabs ?? []) all.tabs.set(t.kind, t);
  all.palette.push(...(c.palette ?? []));
  all.hostActions.push(...(c.hostActions ?? []));
  all.hostActions.sort((a, b) => a.order - b.order);
  all.hostListActions.push(...(c.hostListActions ?? []));
  all.feeds.push(...(c.feeds ?? []));
  all.overlays.push(...(c.overlays ?? []));
  all.statusItems.push(...(c.statusItems ?? []));
  all.shortcuts.push(...(c.shortcuts ?? []));
}

/** The inventory (a hook; contributions are made before the first render, so it is stable). */
export const useHostList = (): HostList => all.useHostList();

/** What the shell reads. Contributions are made before the first render and never change. */
export const registry = {
  areas: (): readonly AreaContribution[] => all.areas,
  area: (id: Area) => all.areas.find((a) => a.id === id),
  tab: <K extends TabKind>(kind: K) =>
    all.tabs.get(kind) as unknown as TabContribution<K> | undefined,
  palette: (): readonly PaletteContribution[] => all.palette,
  /** The actions offered for one host, in menu order. */
  hostActions: (host: Host) => all.hostActions.filter((a) => !a.when || a.when(host)),
  allHostActions: (): readonly HostActionContribution[] => all.hostActions,
  hostListActions: (): readonly HostListActionContribution[] => all.hostListActions,
  feeds: (): readonly FeedContribution[] => all.feeds,
  overlays: (): readonly ComponentType[] => all.overlays,
  statusItems: (): readonly ComponentType[] => all.statusItems,
  shortcuts: (): readonly ShortcutDoc[] => all.shortcuts,
};
