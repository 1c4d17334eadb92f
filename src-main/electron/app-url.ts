/**
 * True when `candidate` is the app's own page, `appUrl` (app://opsdeck/index.html; any #route or
 * ?query on it is fine). Stricter than a prefix test: `index.html.evil`, a sibling file, another
 * host or another scheme does not pass.
 */
export function isAppUrl(candidate: string, appUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  const app = new URL(appUrl);
  const same = (a: string, b: string) =>
    process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
  return url.protocol === app.protocol && url.host === app.host && same(url.pathname, app.pathname);
}

/** Links the user may open in their browser: http(s) only, never file:, javascript:, smb:, … */
export function isExternalWebUrl(candidate: string): boolean {
  try {
    const { protocol } = new URL(candidate);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
