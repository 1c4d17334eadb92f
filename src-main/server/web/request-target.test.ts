import { describe, expect, it } from 'vitest';
import { parseRequestTarget, safeDecode } from './request-target';

describe('parseRequestTarget', () => {
  it('reads origin-form targets, including ones that look like authorities', () => {
    expect(parseRequestTarget('/ws?frames=binary')?.searchParams.get('frames')).toBe('binary');
    expect(parseRequestTarget('//a:b:c/')?.pathname).toBe('//a:b:c/');
    expect(parseRequestTarget('//evil.example/x')?.origin).toBe('http://127.0.0.1');
    expect(parseRequestTarget('/\\evil.example')?.origin).toBe('http://127.0.0.1');
  });

  it('refuses absolute-, authority- and asterisk-form and empty targets', () => {
    for (const t of ['http://evil.example/', 'evil.example:443', '*', '', undefined])
      expect(parseRequestTarget(t)).toBeUndefined();
  });
});

describe('safeDecode', () => {
  it('decodes good percent-encoding and refuses the rest without throwing', () => {
    expect(safeDecode('/a%20b')).toBe('/a b');
    for (const bad of ['/%', '/%zz', '/%E0%A4%A', '/%C0%AF'])
      expect(safeDecode(bad)).toBeUndefined();
  });
});
