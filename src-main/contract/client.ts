import type { Envelope } from './errors';
import { OpsdeckError } from './errors';
import { payloadOf, type EventMessage, type EventTopic, type EventPayload } from './events';
import type { MethodName, ParamsIn, Result } from './methods';

/** What any transport must provide: one generic call and one event feed. */
export interface Transport {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (message: EventMessage) => void): () => void;
}

/** Typed client derived from the contract; used by the renderer and by tests. */
export interface OpsdeckClient {
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  on<T extends EventTopic>(topic: T, listener: (payload: EventPayload<T>) => void): () => void;
}

export function createClient(transport: Transport): OpsdeckClient {
  return {
    async call(method, params) {
      const envelope = await transport.invoke(method, params);
      if (envelope.ok) return envelope.value as never;
      const { code, message, hint } = envelope.error;
      throw new OpsdeckError(code, message, hint);
    },
    on(topic, listener) {
      return transport.onEvent((message) => {
        const payload = payloadOf(message, topic);
        if (payload !== undefined) listener(payload);
      });
    },
  };
}
