import type { EventMessage } from './events';

/** Whether a door connection should receive the message (broadcast, or addressed to it). */
export const isFor = (message: Pick<EventMessage, 'to'>, connectionId: string): boolean =>
  message.to === undefined || message.to === connectionId;
