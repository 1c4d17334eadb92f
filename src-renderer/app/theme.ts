import { create } from 'zustand';

export type ThemeMode = 'system' | 'light' | 'dark';
const KEY = 'opsdeck.theme';
const media = () => window.matchMedia('(prefers-color-scheme: dark)');

function stored(): ThemeMode {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const effective = (mode: ThemeMode): 'light' | 'dark' =>
  mode === 'system' ? (media().matches ? 'dark' : 'light') : mode;

interface ThemeState {
  mode: ThemeMode;
  effective: 'light' | 'dark';
  setMode(mode: ThemeMode): void;
  /** Flip between light and dark (an explicit choice, persisted). */
  toggle(): void;
}

/** Light/dark theme: follows the OS unless the user picked one (persisted in localStorage). */
export const useTheme = create<ThemeState>((set, get) => ({
  mode: stored(),
  effective: effective(stored()),
  setMode(mode) {
    try {
      if (mode === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, mode);
    } catch {
      /* private mode: not persisted */
    }
    set({ mode, effective: effective(mode) });
  },
  toggle() {
    get().setMode(get().effective === 'dark' ? 'light' : 'dark');
  },
}));

/** Apply the theme to <html> now and whenever it (or the OS preference) changes. */
export function installTheme(): void {
  const apply = () => {
    document.documentElement.dataset.theme = useTheme.getState().effective;
  };
  apply();
  useTheme.subscribe(apply);
  media().addEventListener('change', () => {
    const { mode } = useTheme.getState();
    useTheme.setState({ effective: effective(mode) });
  });
}
