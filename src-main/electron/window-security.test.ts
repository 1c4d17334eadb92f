/**
 * The Electron door's window and session security, under plain Node with a stand-in `electron`
 * (testing/electron/electron-stand-in.ts) and a fake core: no Electron binary, no core internals.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import type { ComposeOptions } from './services';
import {
  appUrl,
  home,
  indexHtmlPath,
  onlyWindow,
  startDoorWithFakeCore,
} from '../../testing/electron/door-harness';

const fake = await vi.hoisted(async () =>
  (await import('../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

describe('electron door: window and session security', () => {
  let composed: ComposeOptions[];

  beforeAll(async () => {
    ({ composed } = await startDoorWithFakeCore(fake));
  });

  it('takes the single-instance lock, sandboxes renderers and keeps its profile in OPSDECK_HOME', () => {
    expect(fake.state.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(fake.state.app.enableSandbox).toHaveBeenCalledOnce();
    expect(fake.state.app.setPath).toHaveBeenCalledWith('userData', path.join(home, 'chromium'));
  });

  it('composes the core for the electron door with safeStorage', () => {
    expect(composed).toHaveLength(1);
    expect(composed[0]).toMatchObject({ door: 'electron', dataDir: home });
    expect(composed[0]!.safeStorage).toBe(fake.module.safeStorage);
  });

  it('creates one isolated, sandboxed window with the bundled preload', () => {
    const win = onlyWindow(fake);
    expect(win.options).toMatchObject({ show: false, title: 'Opsdeck' });
    expect(win.options.minWidth).toBeGreaterThan(0);
    expect(win.options.minHeight).toBeGreaterThan(0);
    expect(typeof win.options.backgroundColor).toBe('string');
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(path.isAbsolute(String(prefs.preload))).toBe(true);
  });

  it('serves the renderer over the privileged app:// scheme and loads it from there, not file://', () => {
    const { protocol } = fake.module;
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ]);
    // Registered before the app was ready, as Electron requires.
    expect(protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(
      fake.state.app.whenReady.mock.invocationCallOrder[0]!,
    );
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const win = onlyWindow(fake);
    expect(win.loadURL).toHaveBeenCalledWith(appUrl);
    expect(appUrl).toBe('app://opsdeck/index.html');
  });

  it('serves the renderer build folder on app:// with the CSP header', async () => {
    const [, handler] = fake.module.protocol.handle.mock.calls[0] as unknown as [
      string,
      (request: { url: string; method: string }) => Promise<Response>,
    ];
    const missing = await handler({ url: 'app://opsdeck/no-such-file.js', method: 'GET' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(path.dirname(indexHtmlPath)).toMatch(/dist[/\\]renderer$/);
  });

  it('shows the window only when ready', () => {
    const win = onlyWindow(fake);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('sets a strict Content-Security-Policy header on every response', () => {
    const onHeaders = fake.module.session.defaultSession.webRequest.onHeadersReceived;
    expect(onHeaders).toHaveBeenCalledOnce();
    const [listener] = onHeaders.mock.calls[0] as unknown as [
      (
        details: unknown,
        cb: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ];
    const callback = vi.fn();
    listener(
      { url: appUrl, resourceType: 'mainFrame', responseHeaders: { 'X-Kept': ['1'] } },
      callback,
    );
    const { responseHeaders } = callback.mock.calls[0]![0] as {
      responseHeaders: Record<string, string[]>;
    };
    expect(responseHeaders['X-Kept']).toEqual(['1']);
    const csp = responseHeaders['Content-Security-Policy']!.join('; ');
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('prevents navigation away from the app page', () => {
    const { webContents } = onlyWindow(fake);
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      webContents.emit('will-navigate', event);
      return event.preventDefault;
    };
    expect(navigate('https://evil.example/')).toHaveBeenCalled();
    expect(navigate('file:///etc/passwd')).toHaveBeenCalled();
    expect(navigate(`${appUrl}.evil`)).toHaveBeenCalled();
    expect(navigate('not a url')).toHaveBeenCalled();
    expect(navigate(appUrl)).not.toHaveBeenCalled();
    expect(navigate(`${appUrl}#/hosts`)).not.toHaveBeenCalled();
  });

  it('denies every new window and opens only http(s) links externally', () => {
    const { webContents } = onlyWindow(fake);
    const handler = webContents.windowOpenHandler!;
    expect(handler).toBeTypeOf('function');
    const openExternal = fake.module.shell.openExternal;
    for (const url of [
      'https://docs.example/x',
      'http://intranet/y',
      appUrl,
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
    ]) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://docs.example/x',
      'http://intranet/y',
    ]);
  });

  it('refuses <webview> attachments', () => {
    const event = { preventDefault: vi.fn() };
    onlyWindow(fake).webContents.emit(
      'will-attach-webview',
      event,
      {},
      { src: 'https://evil.example' },
    );
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const { setPermissionRequestHandler, setPermissionCheckHandler } =
      fake.module.session.defaultSession;
    const [request] = setPermissionRequestHandler.mock.calls[0] as unknown as [
      (wc: unknown, permission: string, cb: (granted: boolean) => void) => void,
    ];
    const [check] = setPermissionCheckHandler.mock.calls[0] as unknown as [
      (...args: unknown[]) => boolean,
    ];
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
    ]) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check({}, permission, appUrl, {})).toBe(false);
    }
  });

  it('a packaged app has no DevTools; a development run keeps them (issue 12 #4)', async () => {
    const prefs = () => onlyWindow(fake).options.webPreferences as Record<string, unknown>;
    expect(prefs().devTools).toBe(true);
    fake.state.app.isPackaged = true;
    try {
      await startDoorWithFakeCore(fake);
      expect(prefs().devTools).toBe(false);
    } finally {
      fake.state.app.isPackaged = false;
      await startDoorWithFakeCore(fake);
    }
  });
});
