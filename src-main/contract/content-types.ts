/** Content types of the renderer build's files, for web mode and the Electron app:// scheme. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** By the file name's extension (`.js`); unknown ones are served as opaque bytes. */
export const contentTypeOf = (file: string): string =>
  TYPES[/\.[^./\\]+$/.exec(file)?.[0].toLowerCase() ?? ''] ?? 'application/octet-stream';
