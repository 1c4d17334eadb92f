/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security) as a test, read
 * from the code and the packaging config, so that a regression fails `npm test` (issue 12 #8):
 * every BrowserWindow's webPreferences, a CSP on every response (session headers, the app://
 * handler, web mode), navigation / new windows / <webview> / permissions denied, the IPC sender
 * checked, the renderer loaded from app:// (not file://), no DevTools or source maps in
 * production, and the fuses, asar and hardened-runtime entitlements in electron-builder.yml.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../contract/csp';
import { APP_INDEX_URL, APP_SCHEME_DEFINITION, appSchemeResponse } from './app-scheme';
import { fromFrame, invoke, startDoorWithFakeCore } from '../../testing/electron/door-harness';

const fake = await vi.hoisted(async () =>
  (await import('../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

const root = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Code without its comments (which may name what the code must not do). */
const withoutComments = (text: string) =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** Production source files of a folder (no tests, no test helpers), comments removed. */
function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') out.push(...sources(rel));
    } else if (/\.tsx?$/.test(entry.name) && !/\.(test|itest)\.tsx?$/.test(entry.name)) {
      out.push({ file: rel, text: withoutComments(read(rel)) });
    }
  }
  return out;
}
const mainSources = sources('src-main');
const electronSources = sources('src-main/electron');
const filesMatching = (files: { file: string; text: string }[], pattern: RegExp) =>
  files.filter((f) => pattern.test(f.text)).map((f) => f.file.replace(/\\/g, '/'));

const builder = parse(read('electron-builder.yml')) as {
  asar?: boolean;
  files: string[];
  electronFuses: Record<string, boolean>;
  mac: { hardenedRuntime?: boolean; entitlements: string; entitlementsInherit: string };
};

beforeAll(async () => {
  await startDoorWithFakeCore(fake);
});

describe('Electron security checklist', () => {
  describe('windows', () => {
    it('BrowserWindows are created in window.ts only; no BrowserView, WebContentsView or <webview>', () => {
      expect(filesMatching(mainSources, /new BrowserWindow\(/)).toEqual([
        'src-main/electron/window.ts',
      ]);
      expect(filesMatching(mainSources, /BrowserView|WebContentsView/)).toEqual([]);
      expect(read('src-main/electron/window.ts')).toMatch(/webviewTag: false/);
    });

    it('no source weakens a window: no node integration, no disabled isolation/sandbox/web security', () => {
      const weak =
        /nodeIntegration(InWorker|InSubFrames)?:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|allowRunningInsecureContent:\s*true|experimentalFeatures:\s*true|enableBlinkFeatures|enableRemoteModule|@electron\/remote/;
      expect(filesMatching(mainSources, weak)).toEqual([]);
    });

    it('every window the door opens is isolated, sandboxed, without Node, with only the preload bridge', () => {
      expect(fake.state.windows.length).toBeGreaterThan(0);
      for (const win of fake.state.windows) {
        const prefs = win.options.webPreferences as Record<string, unknown>;
        expect(prefs).toMatchObject({
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          webSecurity: true,
          webviewTag: false,
        });
        expect(prefs.nodeIntegrationInWorker).not.toBe(true);
        expect(prefs.allowRunningInsecureContent).not.toBe(true);
        expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
        expect(path.isAbsolute(String(prefs.preload))).toBe(true);
      }
      expect(fake.state.app.enableSandbox).toHaveBeenCalled();
    });

    it('DevTools are off in a packaged app and source maps off in release builds', () => {
      expect(read('src-main/electron/window.ts')).toMatch(/devTools:\s*!app\.isPackaged/);
      // scripts/release/release-build.test.ts runs these; here: they are wired as read.
      expect(read('scripts/build-options.mjs')).toMatch(/sourcemap: !isReleaseBuild\(env\)/);
      expect(read('scripts/build-main.mjs')).toMatch(/mainBuildOptions\(\)/);
      expect(read('scripts/release/dist.mjs')).toMatch(/OPSDECK_RELEASE: '1'/);
      expect(read('vite.config.ts')).toMatch(/sourcemap:\s*!isReleaseBuild\(process\.env\)/);
      expect(builder.files).toContain('!**/*.map');
    });
  });

  describe('content', () => {
    it('the renderer comes from the privileged app:// scheme, never file://', () => {
      expect(APP_SCHEME_DEFINITION.privileges).toEqual({
        standard: true,
        secure: true,
        supportFetchAPI: true,
        codeCache: true,
      });
      expect(fake.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
        APP_SCHEME_DEFINITION,
      ]);
      expect(fake.state.windows[0]!.loadURL).toHaveBeenCalledWith(APP_INDEX_URL);
      expect(filesMatching(electronSources, /\.loadFile\(|file:\/\/|registerFileProtocol/)).toEqual(
        [],
      );
      expect(builder.electronFuses.grantFileProtocolExtraPrivileges).toBe(false);
    });

    it('the CSP is strict: no eval, scripts only from the app, no objects, frames or base tags', () => {
      const csp = CONTENT_SECURITY_POLICY;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    });

    it('every response carries the CSP: session headers, the app:// handler (errors too), web mode', async () => {
      const onHeaders = fake.module.session.defaultSession.webRequest.onHeadersReceived;
      expect(onHeaders).toHaveBeenCalled();
      const [listener] = onHeaders.mock.calls[0] as unknown as [
        (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void,
      ];
      const cb = vi.fn();
      listener({ url: 'https://x/', responseHeaders: {} }, cb);
      expect(cb.mock.calls[0]![0].responseHeaders['Content-Security-Policy']).toEqual([
        CONTENT_SECURITY_POLICY,
      ]);
      const [scheme, handler] = fake.module.protocol.handle.mock.calls[0] as unknown as [
        string,
        (r: { url: string; method: string }) => Promise<Response>,
      ];
      expect(scheme).toBe('app');
      for (const url of [APP_INDEX_URL, 'app://opsdeck/missing.js', 'app://other/index.html']) {
        const res = await handler({ url, method: 'GET' });
        expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      }
      const direct = await appSchemeResponse({ url: 'app://opsdeck/%', method: 'GET' }, '/nowhere');
      expect(direct.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(SECURITY_HEADERS['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      const web = read('src-main/server/web/web-server.ts');
      expect(web).toMatch(/import \{ SECURITY_HEADERS \} from '\.\.\/\.\.\/contract\/csp'/);
      expect(web.match(/writeHead\(/g)?.length).toBe(web.match(/\.\.\.SECURITY_HEADERS/g)?.length);
    });
  });

  describe('navigation and permissions', () => {
    const contents = () => fake.state.windows[0]!.webContents;
    const fire = (event: string, url: string) => {
      const e = { url, preventDefault: vi.fn() };
      contents().emit(event, e);
      return e.preventDefault.mock.calls.length > 0;
    };

    it('navigation, frame navigation and redirects away from the app are stopped', () => {
      for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
        expect(fire(event, 'https://evil.example/'), event).toBe(true);
        expect(fire(event, 'file:///etc/passwd'), event).toBe(true);
        expect(fire(event, `${APP_INDEX_URL}#/hosts`), event).toBe(false);
      }
    });

    it('new windows are denied (http(s) links go to the browser) and <webview> refused', () => {
      expect(contents().windowOpenHandler?.({ url: APP_INDEX_URL })).toEqual({ action: 'deny' });
      expect(contents().windowOpenHandler?.({ url: 'https://docs.example/' })).toEqual({
        action: 'deny',
      });
      const e = { preventDefault: vi.fn() };
      contents().emit('will-attach-webview', e, {}, {});
      expect(e.preventDefault).toHaveBeenCalled();
    });

    it('every permission request and check is denied', () => {
      const s = fake.module.session.defaultSession;
      const [request] = s.setPermissionRequestHandler.mock.calls[0] as unknown as [
        (wc: unknown, p: string, cb: (ok: boolean) => void) => void,
      ];
      const [check] = s.setPermissionCheckHandler.mock.calls[0] as unknown as [() => boolean];
      const cb = vi.fn();
      request({}, 'media', cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(check()).toBe(false);
    });
  });

  describe('IPC', () => {
    it('every ipcMain handler checks its sender before anything else', () => {
      const files = filesMatching(electronSources, /ipcMain\.(handle|on|once|handleOnce)\(/);
      expect(files).toEqual(['src-main/electron/ipc.ts']);
      const ipc = read('src-main/electron/ipc.ts');
      // Each handler's first statement refuses a sender that is not the app's top frame.
      const handlers = [...ipc.matchAll(/ipcMain\.(handle|on|once|handleOnce)\(/g)];
      expect(handlers.length).toBeGreaterThan(0);
      for (const { index } of handlers) {
        const body = ipc.slice(ipc.indexOf('=> {', index) + 4).trimStart();
        // …and returns when it refuses (an empty `if` would check and go on anyway).
        expect(body).toMatch(/^if \(refuseUntrusted\(event, [^\n]*\)\)\s*(\{\s*)?return\b/);
      }
      // …which is the frame check.
      const refuse = ipc.slice(
        ipc.indexOf('const refuseUntrusted = '),
        ipc.indexOf('const refuseUntrusted = ') + 300,
      );
      expect(refuse).toContain('if (isTrustedSender(event.senderFrame, appUrl)) return false;');
    });

    it('a call from another page or a subframe is refused; the app page gets through', async () => {
      expect(await invoke(fake, fromFrame('https://evil.example/'), 'app.info', {})).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect(await invoke(fake, fromFrame(APP_INDEX_URL, {}), 'app.info', {})).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect(await invoke(fake, fromFrame(APP_INDEX_URL), 'app.info', {})).toMatchObject({
        ok: true,
      });
    });

    it('the preload exposes the generic bridge only (no ipcRenderer, no Node)', () => {
      const preload = read('src-main/electron/preload.ts');
      expect(preload.match(/exposeInMainWorld\(/g)?.length).toBe(1);
      expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
      expect(preload).not.toMatch(/require\(|process\.|from 'node:/);
    });

    // The stream port staying in the preload (never reaching the page, only ack calls on it) is
    // checked by behaviour in preload.test.ts ("security: …").
  });

  describe('packaging (electron-builder.yml)', () => {
    it('flips the fuses: no RunAsNode, NODE_OPTIONS or --inspect; cookie encryption, asar integrity, asar only', () => {
      expect(builder.electronFuses).toMatchObject({
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableCookieEncryption: true,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        grantFileProtocolExtraPrivileges: false,
      });
      expect(builder.asar).toBe(true);
    });

    it('macOS: hardened runtime with the JIT entitlement only', () => {
      expect(builder.mac.hardenedRuntime).toBe(true);
      expect(builder.mac.entitlementsInherit).toBe(builder.mac.entitlements);
      const plist = read(builder.mac.entitlements);
      const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
      expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    });
  });
});
