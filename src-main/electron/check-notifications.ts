import { checkNotificationText, type EventMessage } from '../contract';

/** What showing a native notification needs (Electron's `Notification`, by shape). */
export interface NativeNotifications {
  isSupported(): boolean;
  create(options: { title: string; body: string }): {
    show(): void;
    on(event: 'click', listener: () => void): unknown;
  };
}

/**
 * Desktop notifications of the Electron door: every check change that notifies (HARD, not
 * flapping, the check's `notify` on) becomes a native notification; a click brings the window
 * forward. Returns the listener for the window's events.
 */
export function checkNotifier(
  native: NativeNotifications,
  onClick: () => void,
): (message: EventMessage) => void {
  return (message) => {
    if (message.topic !== 'checks.changed' || message.payload.kind !== 'status') return;
    const { change } = message.payload;
    if (!change.notify || !native.isSupported()) return;
    const note = native.create(checkNotificationText(change));
    note.on('click', onClick);
    note.show();
  };
}
