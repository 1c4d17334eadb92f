import { create } from 'zustand';
import type { ConfigChecks, DiffSide, DiffSource, ErrorShape } from '../../../src-main/contract';

export interface DiffOptions {
  layout: 'side' | 'unified';
  ignoreWhitespace: boolean;
  ignoreComments: boolean;
  collapse: boolean;
  vim: boolean;
}

export interface SaveDialog {
  index: number;
  checks: ConfigChecks | null;
  /** Whether the file on the host is still the version that was read. */
  current: 'checking' | 'same' | 'changed';
  validate: boolean;
  reload: boolean;
  saving: boolean;
  error: ErrorShape | null;
  /** Lines added/removed against the version read. */
  added: number;
  removed: number;
}

export interface DiffSession {
  id: string;
  title: string;
  sources: DiffSource[];
  sides: DiffSide[] | null;
  loading: boolean;
  error: ErrorShape | null;
  dirty: boolean[];
  /** Per side: why its save was refused (a conflict), cleared by reloading it. */
  sideErrors: (ErrorShape | null)[];
  options: DiffOptions;
  message: { text: string; tone: 'info' | 'warn' } | null;
  position: { pane: number; change: number | null; changes: number } | null;
  editing: boolean;
  pending: string;
  exOpen: boolean;
  save: SaveDialog | null;
  /** Content with unsaved edits kept while the tab is not shown (the viewer is unmounted). */
  texts: string[] | null;
  /** Counts full loads: the viewer is rebuilt for a new load, not for a saved side. */
  loaded: number;
}

const PREFS = 'opsdeck.diff.prefs';
const DEFAULTS: DiffOptions = {
  layout: 'side',
  ignoreWhitespace: false,
  ignoreComments: false,
  collapse: true,
  vim: false,
};

/** Layout, collapse and vim are remembered; the ignore options start off in each new compare. */
export function loadPrefs(): DiffOptions {
  try {
    const saved = JSON.parse(localStorage.getItem(PREFS) ?? '{}') as Partial<DiffOptions>;
    return {
      ...DEFAULTS,
      ...(saved.layout === 'unified' ? { layout: 'unified' } : {}),
      ...(typeof saved.collapse === 'boolean' ? { collapse: saved.collapse } : {}),
      ...(typeof saved.vim === 'boolean' ? { vim: saved.vim } : {}),
    };
  } catch {
    return DEFAULTS;
  }
}

export function savePrefs(o: DiffOptions): void {
  try {
    localStorage.setItem(
      PREFS,
      JSON.stringify({ layout: o.layout, collapse: o.collapse, vim: o.vim }),
    );
  } catch {
    /* private mode: not remembered */
  }
}

interface DiffState {
  sessions: Record<string, DiffSession>;
}

/** View state of open comparisons; the viewer engine itself lives with its tab. */
export const useDiff = create<DiffState>(() => ({ sessions: {} }));

export const sessionOf = (id: string): DiffSession | undefined => useDiff.getState().sessions[id];

export function patchSession(id: string, patch: Partial<DiffSession>): void {
  useDiff.setState((s) => {
    const cur = s.sessions[id];
    return cur ? { sessions: { ...s.sessions, [id]: { ...cur, ...patch } } } : s;
  });
}

/** An option from the toolbar or a key (zR / zM): the tab's options change, and are remembered. */
export function setOption<K extends keyof DiffOptions>(id: string, k: K, v: DiffOptions[K]): void {
  const cur = sessionOf(id);
  if (!cur) return;
  const options = { ...cur.options, [k]: v };
  savePrefs(options);
  patchSession(id, { options });
}

export function patchSave(id: string, patch: Partial<SaveDialog>): void {
  const cur = sessionOf(id)?.save;
  if (cur) patchSession(id, { save: { ...cur, ...patch } });
}

export function newSession(id: string, title: string, sources: DiffSource[]): DiffSession {
  return {
    id,
    title,
    sources,
    sides: null,
    loading: true,
    error: null,
    dirty: sources.map(() => false),
    sideErrors: sources.map(() => null),
    options: loadPrefs(),
    message: null,
    position: null,
    editing: false,
    pending: '',
    exOpen: false,
    save: null,
    texts: null,
    loaded: 0,
  };
}
