import type { ITheme } from '@xterm/xterm';
import type { ISearchOptions } from '@xterm/addon-search';

/** Terminal palettes matching the app's light and dark themes (truecolor, 16 ANSI colours). */
export const TERMINAL_THEMES: Record<'light' | 'dark', ITheme> = {
  light: {
    background: '#ffffff',
    foreground: '#1f2329',
    cursor: '#2563d8',
    cursorAccent: '#ffffff',
    selectionBackground: '#c8d9fa',
    black: '#1f2329',
    red: '#c8222c',
    green: '#1a7f37',
    yellow: '#9a6200',
    blue: '#2563d8',
    magenta: '#8e3fb8',
    cyan: '#0f7a8a',
    white: '#d6d9de',
    brightBlack: '#5d636e',
    brightRed: '#e0454e',
    brightGreen: '#2f9a4c',
    brightYellow: '#b87a0a',
    brightBlue: '#3d7bf0',
    brightMagenta: '#a85ad0',
    brightCyan: '#1c95a8',
    brightWhite: '#f6f7f9',
  },
  dark: {
    background: '#1e1f22',
    foreground: '#dfe1e5',
    cursor: '#5b91f5',
    cursorAccent: '#1e1f22',
    selectionBackground: '#33476b',
    black: '#2c2e33',
    red: '#f2706a',
    green: '#5cc274',
    yellow: '#e5b04a',
    blue: '#6b9cf5',
    magenta: '#c58af0',
    cyan: '#4fc1d0',
    white: '#dfe1e5',
    brightBlack: '#7b8089',
    brightRed: '#ff8f89',
    brightGreen: '#7fd894',
    brightYellow: '#f2c86e',
    brightBlue: '#8fb4f8',
    brightMagenta: '#d7a8f5',
    brightCyan: '#76d4e0',
    brightWhite: '#ffffff',
  },
};

/** Find-in-scrollback highlights (#RRGGBB, as the search addon requires), per theme. */
export const SEARCH_DECORATIONS: Record<
  'light' | 'dark',
  NonNullable<ISearchOptions['decorations']>
> = {
  light: {
    matchBackground: '#fbe7a1',
    matchBorder: '#e0b400',
    matchOverviewRuler: '#e0b400',
    activeMatchBackground: '#f59e0b',
    activeMatchBorder: '#b45309',
    activeMatchColorOverviewRuler: '#b45309',
  },
  dark: {
    matchBackground: '#5c4a12',
    matchBorder: '#a8841c',
    matchOverviewRuler: '#a8841c',
    activeMatchBackground: '#b7791f',
    activeMatchBorder: '#f2c86e',
    activeMatchColorOverviewRuler: '#f2c86e',
  },
};
