import type { EventMessage } from './events';

/**
 * Whether a door connection should receive the message (broadcast, or addressed to it). In a
 * module of its own, without schemas: the core's connections use it before any event schema is
 * needed, so import it from here (events.ts does not hand it on).
 */
export const isFor = (message: Pick<EventMessage, 'to'>, connectionId: string): boolean =>
  message.to === undefined || message.to === connectionId;
