import { create } from 'zustand';

export type ThemeMode = 'system' | 'light' | 'dark';
/** High contrast: follow the OS (`prefers-contrast: more`, forced colours), or always / never. */
export type ContrastMode = 'system' | 'more' | 'normal';

const THEME_KEY = 'opsdeck.theme';
const CONTRAST_KEY = 'opsdeck.contrast';
const query = (q: string) => window.matchMedia(q);
const DARK = '(prefers-color-scheme: dark)';
const MORE = ['(prefers-contrast: more)', '(forced-colors: active)'];

function read<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return allowed.find((a) => a === v) ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: string, fallback: string): void {
  try {
    if (value === fallback) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* private mode: not persisted */
  }
}

const effectiveTheme = (mode: ThemeMode): 'light' | 'dark' =>
  mode === 'system' ? (query(DARK).matches ? 'dark' : 'light') : mode;
const effectiveContrast = (mode: ContrastMode): boolean =>
  mode === 'system' ? MORE.some((q) => query(q).matches) : mode === 'more';

interface ThemeState {
  mode: ThemeMode;
  effective: 'light' | 'dark';
  contrastMode: ContrastMode;
  /** High contrast in effect now. */
  highContrast: boolean;
  setMode(mode: ThemeMode): void;
  setContrast(mode: ContrastMode): void;
  /** Flip between light and dark (an explicit choice, persisted). */
  toggle(): void;
}

/** Theme and contrast: follow the OS unless the user picked (persisted in localStorage). */
export const useTheme = create<ThemeState>((set, get) => {
  const mode = read(THEME_KEY, ['light', 'dark'] as const, 'system' as ThemeMode);
  const contrastMode = read(CONTRAST_KEY, ['more', 'normal'] as const, 'system' as ContrastMode);
  return {
    mode,
    effective: effectiveTheme(mode),
    contrastMode,
    highContrast: effectiveContrast(contrastMode),
    setMode(next) {
      write(THEME_KEY, next, 'system');
      set({ mode: next, effective: effectiveTheme(next) });
    },
    setContrast(next) {
      write(CONTRAST_KEY, next, 'system');
      set({ contrastMode: next, highContrast: effectiveContrast(next) });
    },
    toggle() {
      get().setMode(get().effective === 'dark' ? 'light' : 'dark');
    },
  };
});

/** Apply theme and contrast to <html> now and whenever they (or the OS preference) change. */
export function installTheme(): void {
  const apply = () => {
    const { effective, highContrast } = useTheme.getState();
    const root = document.documentElement;
    root.dataset.theme = effective;
    if (highContrast) root.dataset.contrast = 'more';
    else delete root.dataset.contrast;
  };
  apply();
  useTheme.subscribe(apply);
  const follow = () => {
    const { mode, contrastMode } = useTheme.getState();
    useTheme.setState({
      effective: effectiveTheme(mode),
      highContrast: effectiveContrast(contrastMode),
    });
  };
  for (const q of [DARK, ...MORE]) query(q).addEventListener('change', follow);
}
