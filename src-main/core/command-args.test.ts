import { describe, expect, it } from 'vitest';
import { safeAbsolutePath, safeArgument, unsafeArgumentReason } from './command-args';

describe('command-line words from server-provided names', () => {
  it('accepts ordinary and odd-but-harmless names (quoting handles spaces, quotes, $)', () => {
    for (const ok of ['shop', 'shop-2024', 'my db', "it's", 'a$(touch x)', 'ünïcode', 'x-'])
      expect(unsafeArgumentReason(ok)).toBeUndefined();
  });

  it('refuses names that would be read as options, empty names and control characters', () => {
    expect(unsafeArgumentReason('--result-file=/tmp/x')).toMatch(/option/);
    expect(unsafeArgumentReason('-x')).toMatch(/option/);
    expect(unsafeArgumentReason('')).toMatch(/empty/);
    for (const bad of ['a\nb', 'a\rb', 'tab\there', 'nul\u0000', 'del\u007f', 'esc\u001b[2J'])
      expect(unsafeArgumentReason(bad)).toMatch(/control character/);
  });

  it('throws INVALID_PARAMS naming what and showing the value escaped', () => {
    expect(() => safeArgument('--result-file=/tmp/x', 'database name on db1')).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAMS',
        message: expect.stringContaining('database name on db1 "--result-file=/tmp/x"'),
      }),
    );
    expect(() => safeArgument('a\nb', 'table name')).toThrow(/"a\\nb"/);
    expect(safeArgument('shop', 'database name')).toBe('shop');
  });

  it('paths must be absolute and clean', () => {
    expect(safeAbsolutePath('/var/lib/mysql', 'data directory')).toBe('/var/lib/mysql');
    expect(() => safeAbsolutePath('var/lib', 'data directory')).toThrow(/not an absolute path/);
    expect(() => safeAbsolutePath('-rf', 'data directory')).toThrow(/option/);
    expect(() => safeAbsolutePath('/var/lib\n/etc', 'data directory')).toThrow(/control/);
  });
});
