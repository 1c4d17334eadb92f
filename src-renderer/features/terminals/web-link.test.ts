import { describe, expect, it } from 'vitest';
import { isWebLink, shouldOpenLink } from './web-link';

describe('terminal links', () => {
  it('opens only http and https URLs with a host', () => {
    expect(isWebLink('https://example.invalid/x')).toBe(true);
    expect(isWebLink('http://10.0.0.5:8080/status?x=1')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ssh://db1',
      'data:text/html,<b>x</b>',
      'https://',
      'example.com',
      '',
    ])
      expect(isWebLink(url)).toBe(false);
  });

  it('needs Ctrl or Cmd held: a plain click is for selecting text', () => {
    const url = 'https://example.invalid/x';
    expect(shouldOpenLink({ ctrlKey: false, metaKey: false }, url)).toBe(false);
    expect(shouldOpenLink({ ctrlKey: true, metaKey: false }, url)).toBe(true);
    expect(shouldOpenLink({ ctrlKey: false, metaKey: true }, url)).toBe(true);
    expect(shouldOpenLink({ ctrlKey: true, metaKey: false }, 'file:///etc/shadow')).toBe(false);
  });
});
