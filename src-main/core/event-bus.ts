import type { EventMessage, EventPayload, EventTopic } from '../contract';

export interface EmitOptions {
  /** Deliver to this door connection only (watch feeds); default: every connection. */
  to?: string;
}

/** Typed in-process event feed. Each door connection subscribes and forwards to its client. */
export interface EventBus {
  emit<T extends EventTopic>(topic: T, payload: EventPayload<T>, options?: EmitOptions): void;
  subscribe(listener: (message: EventMessage) => void): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<(message: EventMessage) => void>();
  return {
    emit(topic, payload, options) {
      const message = (
        options?.to === undefined ? { topic, payload } : { topic, payload, to: options.to }
      ) as EventMessage;
      for (const listener of [...listeners]) {
        try {
          listener(message);
        } catch {
          // A broken subscriber must not stop the others or the emitter.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
