import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { contentTypeOf } from '../contract/content-types';
import { SECURITY_HEADERS } from '../contract/csp';

/**
 * The renderer is loaded from `app://opsdeck/`, a privileged custom scheme, not from file://
 * (issue 12 #7): the page has a real origin of its own (so 'self' in the CSP means exactly the
 * app's files), cannot read other files on disk, and the file:// extra privileges stay off
 * (fuse GrantFileProtocolExtraPrivileges). Files come from the renderer build inside app.asar.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'opsdeck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard: relative URLs, a real origin and web storage; secure: a secure context like https;
 * supportFetchAPI: module scripts; codeCache: V8 code cache. Not bypassCSP, corsEnabled,
 * allowServiceWorkers or stream: the page gets nothing it does not need.
 */
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Must run before the app is ready (Electron's rule for registerSchemesAsPrivileged). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
}

/** Serve app:// from the renderer build folder (`dist/renderer`, inside app.asar when packaged). */
export function handleAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appSchemeResponse(request, rendererDir));
}

type ReadFile = (path: string) => Promise<Uint8Array>;

/**
 * One app:// response. Only GET/HEAD of `app://opsdeck/<file>` inside the renderer folder; every
 * response, errors included, carries the CSP and the other security headers.
 */
export async function appSchemeResponse(
  request: Pick<Request, 'url' | 'method'>,
  rendererDir: string,
  read: ReadFile = readFile,
): Promise<Response> {
  const fail = (status: number, text: string) =>
    new Response(`${text}\n`, {
      status,
      headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
    });
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return fail(400, 'Bad URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return fail(404, 'Not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'Method not allowed');
  const file = fileFor(url.pathname, rendererDir);
  if (!file) return fail(400, 'Bad path');
  let body: Uint8Array;
  try {
    body = await read(file);
  } catch {
    return fail(404, 'Not found');
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': contentTypeOf(file),
      'cache-control': 'no-cache',
    },
  });
}

/** The file a path names inside `root`, or undefined for anything that would leave it. */
function fileFor(pathname: string, root: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^[/\\]+/, '');
  const file = join(root, relative);
  return file.startsWith(root + sep) ? file : undefined;
}
