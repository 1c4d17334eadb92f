import { describe, expect, it } from 'vitest';
import { chordLabel, chordMatches, type KeyLike } from './keys';

const ev = (key: string, mods: Partial<Omit<KeyLike, 'key'>> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('key chords', () => {
  it('Mod is Ctrl or Cmd, and other modifiers must match exactly', () => {
    expect(chordMatches('Mod+K', ev('k', { ctrlKey: true }))).toBe(true);
    expect(chordMatches('Mod+K', ev('K', { metaKey: true }))).toBe(true);
    expect(chordMatches('Mod+K', ev('k'))).toBe(false);
    expect(chordMatches('Mod+K', ev('k', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(chordMatches('Ctrl+Shift+P', ev('P', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(chordMatches('Ctrl+Shift+P', ev('p', { ctrlKey: true }))).toBe(false);
  });

  it('a plain key does not fire with Ctrl held', () => {
    expect(chordMatches('N', ev('n'))).toBe(true);
    expect(chordMatches('N', ev('n', { ctrlKey: true }))).toBe(false);
    expect(chordMatches('N', ev('N', { shiftKey: true }))).toBe(false);
  });

  it('symbols ignore the Shift the layout needs for them', () => {
    expect(chordMatches('?', ev('?', { shiftKey: true }))).toBe(true);
    expect(chordMatches('/', ev('/'))).toBe(true);
  });

  it('named keys: Del, Esc, Menu, Shift+F10, arrows', () => {
    expect(chordMatches('Del', ev('Delete'))).toBe(true);
    expect(chordMatches('Esc', ev('Escape'))).toBe(true);
    expect(chordMatches('Menu', ev('ContextMenu'))).toBe(true);
    expect(chordMatches('Shift+F10', ev('F10', { shiftKey: true }))).toBe(true);
    expect(chordMatches('Shift+Down', ev('ArrowDown', { shiftKey: true }))).toBe(true);
    expect(chordMatches('Down', ev('ArrowDown', { shiftKey: true }))).toBe(false);
  });

  it('reads as the platform writes it', () => {
    expect(chordLabel('Mod+K', false)).toBe('Ctrl+K');
    expect(chordLabel('Mod+Shift+P', true)).toBe('⌘⇧P');
  });
});
