import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, shellWord } from './shell';

const echo = (line: string) => spawnSync('sh', ['-c', line], { encoding: 'utf8' }).stdout;

describe('shell quoting', () => {
  it('gives sh back exactly the value, whatever it holds', () => {
    for (const value of ["it's", 'a b', '$(reboot)', '`id`', '\\n', '"', '', "''", 'x;y|z&'])
      expect(echo(`printf %s ${shellQuote(value)}`)).toBe(value);
  });
  it('leaves safe words bare for lines people read', () => {
    expect(shellWord('t3.micro')).toBe('t3.micro');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('')).toBe("''");
  });
});
