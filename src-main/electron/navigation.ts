import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl, isExternalWebUrl } from './app-url';

/**
 * Keep a web contents on the app's own page: no navigation elsewhere (main frame, subframes,
 * redirects), no new windows (http(s) links open in the user's browser instead), no <webview>.
 * Applied to every web contents.
 */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  });
  // Subframes and server redirects are navigations too.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  });

  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      shell.openExternal(url).catch((err: unknown) => {
        console.warn(`opsdeck: could not open ${url} in the browser:`, err);
      });
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** The window needs no camera, microphone, notifications, geolocation or anything else. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
