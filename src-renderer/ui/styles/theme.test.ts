import { describe, expect, it } from 'vitest';
import css from './theme.css?raw';
import { contrast, tokenBlocks } from '../contrast';

/** Each theme's tokens as the cascade resolves them (later, more specific blocks win). */
const blocks = tokenBlocks(css);
const block = (sel: string) => blocks.get(sel) ?? {};
const light = block(":root[data-theme='light']");
const dark = { ...light, ...block(":root[data-theme='dark']") };
const contrastLight = { ...light, ...block(":root[data-contrast='more']") };
const contrastDark = {
  ...dark,
  ...block(":root[data-contrast='more']"),
  ...block(":root[data-contrast='more'][data-theme='dark']"),
};
const THEMES = { light, dark, 'contrast-light': contrastLight, 'contrast-dark': contrastDark };

const SURFACES = [
  '--bg',
  '--bg-panel',
  '--bg-sidebar',
  '--bg-hover',
  '--bg-selected',
  '--bg-selected-strong',
];
const TEXTS = [
  '--text',
  '--text-muted',
  '--text-faint',
  '--link',
  '--ok',
  '--warn',
  '--crit',
  '--unknown',
  '--busy',
];
const STATUS = ['ok', 'warn', 'crit', 'unknown', 'busy'];
/** The config diff's editor backgrounds (plain, active line, changed lines and characters). */
const DIFF_SURFACES = [
  '--bg',
  '--dv-active-line',
  '--dv-del-line',
  '--dv-del-char',
  '--dv-ins-line',
  '--dv-ins-char',
  '--dv-both-line',
];
const SYNTAX = [
  '--dv-comment',
  '--dv-heading',
  '--dv-keyword',
  '--dv-string',
  '--dv-number',
  '--dv-variable',
];
const CLUSTERS = [1, 2, 3, 4, 5, 6].map((n) => `--cluster-${n}`);

function failures(t: Record<string, string>, textMin: number, partMin: number): string[] {
  const out: string[] = [];
  const need = (fg: string, bg: string, min: number) => {
    const r = contrast(t[fg]!, t[bg]!);
    if (r < min) out.push(`${fg} on ${bg}: ${r.toFixed(2)} < ${min}`);
  };
  for (const fg of TEXTS) for (const bg of SURFACES) need(fg, bg, textMin);
  for (const fg of ['--text', '--text-muted']) need(fg, '--chip-bg', textMin);
  for (const s of STATUS) need(`--${s}`, `--${s}-bg`, textMin); // status chips
  need('--accent-text', '--accent', textMin); // primary buttons
  need('--danger-text', '--danger', textMin); // danger buttons
  for (const bg of [...SURFACES, '--bg-input']) need('--focus', bg, partMin); // focus rings
  for (const bg of ['--bg', '--bg-panel', '--bg-input', '--bg-sidebar'])
    need('--border-strong', bg, partMin); // input borders
  // code on the diff's highlights
  for (const fg of ['--text', ...SYNTAX]) for (const bg of DIFF_SURFACES) need(fg, bg, textMin);
  for (const bg of CLUSTERS) need('--cluster-text', bg, textMin); // drift cluster chips
  return out;
}

describe('theme tokens meet WCAG 2.2 AA', () => {
  it('every theme defines every colour token the light theme defines', () => {
    for (const [name, t] of Object.entries(THEMES))
      for (const k of Object.keys(light)) expect(t[k], `${name} ${k}`).toBeDefined();
  });

  it.each(['light', 'dark'] as const)(
    '%s: text 4.5:1 on every surface, focus rings and input borders 3:1',
    (name) => {
      expect(failures(THEMES[name], 4.5, 3)).toEqual([]);
    },
  );

  it.each(['contrast-light', 'contrast-dark'] as const)(
    '%s: still AA everywhere, body and muted text 7:1, borders and focus 4.5:1',
    (name) => {
      const t = THEMES[name];
      expect(failures(t, 4.5, 4.5)).toEqual([]);
      for (const fg of ['--text', '--text-muted'])
        for (const bg of SURFACES) expect(contrast(t[fg]!, t[bg]!)).toBeGreaterThanOrEqual(7);
      for (const bg of DIFF_SURFACES)
        expect(contrast(t['--text']!, t[bg]!), `--text on ${bg}`).toBeGreaterThanOrEqual(7);
    },
  );

  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
