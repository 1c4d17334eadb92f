import { describe, expect, it } from 'vitest';
import { decodeText } from './binary-detect';

describe('decodeText', () => {
  it('accepts UTF-8 text, including escapes, tabs and a BOM', () => {
    const text = '\uFEFF[mysqld]\n\tport = 3306 # ünïcode\r\n\x1b[31mred\x1b[0m\f\n';
    expect(decodeText(Buffer.from(text))).toEqual({ binary: false, text });
    expect(decodeText(Buffer.alloc(0))).toEqual({ binary: false, text: '' });
  });

  it('flags NUL bytes, invalid UTF-8 and control-character soup as binary', () => {
    expect(decodeText(Buffer.from('abc\0def')).binary).toBe(true);
    expect(decodeText(Buffer.from([0x66, 0x6f, 0xff, 0xfe, 0x6f])).binary).toBe(true); // latin-1 / garbage
    expect(decodeText(Buffer.from('\x01\x02\x03\x04abc')).binary).toBe(true);
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);
    expect(decodeText(elf).binary).toBe(true);
  });

  it('a NUL after the sampled start still fails UTF-8-wise only if invalid', () => {
    const late = Buffer.concat([Buffer.alloc(9000, 'a'), Buffer.from([0xc3])]); // truncated é
    expect(decodeText(late).binary).toBe(true);
  });
});
