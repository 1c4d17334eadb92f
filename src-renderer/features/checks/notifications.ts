import { checkNotificationText, type CheckEvent } from '../../../src-main/contract';
import { useToasts } from '../../app/toasts';

/**
 * Tell the user about a check change that notifies (HARD, not flapping): a toast in the window,
 * and a desktop notification. In the desktop app the main process shows a native one (Electron's
 * Notification); in web mode the browser's, once the user allowed it (the text: checkNotificationText).
 */
export function notifyCheck(change: CheckEvent): void {
  if (!change.notify) return;
  const { title, body } = checkNotificationText(change);
  useToasts.getState().push({
    tone: change.to === 'OK' ? 'ok' : change.to === 'CRITICAL' ? 'crit' : 'info',
    title,
    message: body,
  });
  if (window.opsdeck) return; // the Electron door notifies natively
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  new Notification(title, {
    body,
    tag: `opsdeck-check-${change.checkId}-${change.host}`,
  });
}

/** Ask the browser for permission (web mode; a click must trigger it). */
export async function enableDesktopNotifications(): Promise<
  NotificationPermission | 'unsupported'
> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission === 'default'
    ? Notification.requestPermission()
    : Notification.permission;
}
