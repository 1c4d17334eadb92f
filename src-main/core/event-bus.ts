import type { EventMessage, EventPayload, EventTopic } from '../contract';

/** Typed in-process event feed. Each door subscribes once and forwards to its clients. */
export interface EventBus {
  emit<T extends EventTopic>(topic: T, payload: EventPayload<T>): void;
  subscribe(listener: (message: EventMessage) => void): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<(message: EventMessage) => void>();
  return {
    emit(topic, payload) {
      const message = { topic, payload } as EventMessage;
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
