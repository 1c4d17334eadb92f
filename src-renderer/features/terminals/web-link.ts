/**
 * Links printed in a terminal open in the user's browser, and only http(s) ones: never file:,
 * javascript:, ssh: or anything a remote program could use against the desktop. In web mode
 * window.open with noopener opens a tab; in Electron the door denies the new window and hands
 * http(s) URLs to the system browser (electron/navigation.ts).
 */
export function isWebLink(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && hostname !== '';
  } catch {
    return false;
  }
}

/** Ctrl+click (Cmd+click on macOS) opens: a plain click stays a selection click. */
export function shouldOpenLink(e: Pick<MouseEvent, 'ctrlKey' | 'metaKey'>, url: string): boolean {
  return (e.ctrlKey || e.metaKey) && isWebLink(url);
}

export function openWebLink(url: string): void {
  if (isWebLink(url)) window.open(url, '_blank', 'noopener,noreferrer');
}
