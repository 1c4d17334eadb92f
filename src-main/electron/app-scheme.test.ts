import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../contract/csp';
import {
  APP_INDEX_URL,
  APP_SCHEME_DEFINITION,
  appSchemeResponse,
  handleAppScheme,
  registerAppScheme,
} from './app-scheme';

const root = mkdtempSync(join(tmpdir(), 'opsdeck-renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Opsdeck</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');
const get = (url: string, method = 'GET') => appSchemeResponse({ url, method }, root);

describe('app:// scheme', () => {
  it('is privileged as standard + secure (+ fetch, code cache), never bypassCSP/CORS/service workers', () => {
    expect(APP_SCHEME_DEFINITION).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    });
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_DEFINITION]);
    handleAppScheme(protocol, root);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('serves the renderer build with the CSP and security headers', async () => {
    const page = await get(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Opsdeck</title>');
    const script = await get('app://opsdeck/assets/app.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await get('app://opsdeck/')).status).toBe(200);
    expect(await (await get(APP_INDEX_URL, 'HEAD')).text()).toBe('');
  });

  it('never leaves the renderer folder; errors carry the CSP too', async () => {
    for (const url of [
      'app://opsdeck/../outside-secret.txt',
      'app://opsdeck/%2e%2e/outside-secret.txt',
      'app://opsdeck/%2e%2e%2foutside-secret.txt',
      'app://opsdeck/..%5coutside-secret.txt',
      'app://opsdeck/%',
      'app://opsdeck/index.html%00.png',
      'app://opsdeck/missing.js',
      'app://elsewhere/index.html',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text(), url).not.toContain('secret');
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405);
  });
});
