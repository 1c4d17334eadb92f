/** The two channels of the generic bridge between the preload and the main process. */
export const INVOKE_CHANNEL = 'opsdeck:invoke';
export const EVENT_CHANNEL = 'opsdeck:event';
