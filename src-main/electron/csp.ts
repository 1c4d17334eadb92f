import type { Session } from 'electron';

import { CONTENT_SECURITY_POLICY } from '../contract/csp';

export { CONTENT_SECURITY_POLICY };

/** Add the policy to every response of the session (a header set elsewhere still applies too). */
export function installCsp(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}
