/**
 * Key chords as the shortcut tables write them — `Mod+K`, `Ctrl+Shift+P`, `Shift+F10`, `?` —
 * matched against keyboard events and shown to people. `Mod` is Ctrl, or ⌘ on macOS (either is
 * accepted everywhere, as the app always has). One spelling serves the hotkeys and the `?` sheet.
 */

/** A key documented in the `?` sheet, under a group (an area's name, "Tables", …). */
export interface ShortcutDoc {
  group: string;
  /** Chords as spelled here; several mean the same. */
  keys: readonly string[];
  label: string;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** Names a chord may use for keys whose `KeyboardEvent.key` is longer. */
const KEY_NAMES: Record<string, string> = {
  del: 'delete',
  esc: 'escape',
  up: 'arrowup',
  down: 'arrowdown',
  left: 'arrowleft',
  right: 'arrowright',
  pgup: 'pageup',
  pgdn: 'pagedown',
  menu: 'contextmenu',
  space: ' ',
};

interface Chord {
  mod: boolean;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parse(chord: string): Chord {
  // The key is the last part; `+` itself can be the key (`Ctrl++`).
  const parts = chord.endsWith('++') ? [...chord.slice(0, -2).split('+'), '+'] : chord.split('+');
  const key = parts.pop() ?? '';
  const has = (m: string) => parts.some((p) => p.toLowerCase() === m);
  const lower = key.toLowerCase();
  return {
    mod: has('mod'),
    ctrl: has('ctrl'),
    shift: has('shift'),
    alt: has('alt'),
    key: KEY_NAMES[lower] ?? lower,
  };
}

/** A symbol key (`?`, `/`): its Shift belongs to the keyboard layout, not to the chord. */
const isSymbol = (key: string) => key.length === 1 && !/[a-z0-9 ]/.test(key);

/** Does this event press this chord (exactly these modifiers)? */
export function chordMatches(chord: string, e: KeyLike): boolean {
  const c = parse(chord);
  if (e.key.toLowerCase() !== c.key) return false;
  const ctrlOrMeta = e.ctrlKey || e.metaKey;
  if (c.mod || c.ctrl ? !ctrlOrMeta : ctrlOrMeta) return false;
  if (c.alt !== e.altKey) return false;
  return isSymbol(c.key) || c.shift === e.shiftKey;
}

export const isMac = (): boolean =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** How a chord reads on this machine: `Ctrl+K`, or `⌘K` on macOS. */
export function chordLabel(chord: string, mac = isMac()): string {
  if (!mac) return chord.replace(/\bMod\b/g, 'Ctrl');
  return chord
    .replace(/\bMod\+/g, '⌘')
    .replace(/\bCtrl\+/g, '⌃')
    .replace(/\bShift\+/g, '⇧')
    .replace(/\bAlt\+/g, '⌥');
}

/** Is the user typing into something (where plain letters are text, not commands)? */
export const isTyping = (t: EventTarget | null): boolean =>
  typeof HTMLElement !== 'undefined' &&
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
