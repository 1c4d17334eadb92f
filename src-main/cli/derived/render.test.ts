import { describe, expect, it } from 'vitest';
import { renderResult } from './render';

describe('derived commands print results for people', () => {
  it('prints a list of objects as a table of its scalar columns', () => {
    const text = renderResult([
      { terminalId: 't1', hostName: 'db1', state: 'open', cols: 80, nested: { a: 1 } },
      { terminalId: 't2', hostName: 'db2', state: 'closed', cols: 120, nested: { a: 2 } },
    ]);
    expect(text.split('\n')).toEqual([
      'TERMINAL_ID  HOST_NAME  STATE   COLS',
      't1           db1        open    80',
      't2           db2        closed  120',
    ]);
  });

  it('prints an object as aligned lines, nested objects indented, object lists as tables', () => {
    const text = renderResult({
      cancelled: true,
      host: { name: 'db1', port: 22 },
      results: [{ resourceId: 'i-1', detail: 'stopping' }],
    });
    expect(text.split('\n')).toEqual([
      'cancelled  true',
      'host:',
      '  name  db1',
      '  port  22',
      'results:',
      '  RESOURCE_ID  DETAIL',
      '  i-1          stopping',
    ]);
  });

  it('prints scalars and empty lists plainly', () => {
    expect(renderResult([])).toBe('(none)');
    expect(renderResult('ok')).toBe('ok');
    expect(renderResult(['a', 'b'])).toBe('a\nb');
  });
});
