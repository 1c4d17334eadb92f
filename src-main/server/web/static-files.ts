import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import { contentTypeOf } from '../../contract/content-types';
import { safeDecode } from './request-target';

/** Serve a file from the built renderer; never outside it. Unknown paths get index.html (SPA). */
export function serveStatic(
  root: string,
  pathname: string,
  res: ServerResponse,
  headers: Record<string, string>,
): void {
  const decoded = safeDecode(pathname);
  const relative = decoded === undefined ? undefined : normalize(decoded).replace(/^([/\\])+/, '');
  let file = relative === undefined ? '' : join(root, relative);
  if (
    relative === undefined ||
    decoded?.includes('\0') ||
    (!file.startsWith(root + sep) && file !== root)
  ) {
    res
      .writeHead(400, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
      .end('Bad path\n');
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    res
      .writeHead(500, { 'content-type': 'text/plain' })
      .end('The renderer is not built. Run `npm run build` first.');
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': contentTypeOf(file),
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  createReadStream(file).pipe(res);
}
