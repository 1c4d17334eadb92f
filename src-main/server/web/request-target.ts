/**
 * Defensive parsing of what a client sends (issue 12 #2): nothing here throws, whatever the bytes.
 * Web mode serves only origin-form targets (`/path?query`); absolute-form (`http://host/…`),
 * authority-form (CONNECT) and asterisk-form (`OPTIONS *`) are refused with 400.
 */
const ORIGIN = 'http://127.0.0.1';

/** The request target as a URL on our own origin, or undefined when it is not a usable path. */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/')) return undefined;
  try {
    // Concatenated, not resolved against a base: `//a:b:c/` is a path here, never an authority.
    const url = new URL(`${ORIGIN}${target}`);
    return url.origin === ORIGIN ? url : undefined;
  } catch {
    return undefined;
  }
}

/** decodeURIComponent that answers undefined instead of throwing on `%`, `%zz` or bad UTF-8. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
