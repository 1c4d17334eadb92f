import { OpsdeckError, type Envelope } from '../contract/errors';
import type { EventPayload, EventTopic, MethodName, ParamsIn, Result } from '../contract/index';
import type { CoreConnection } from './core-connection';
import type { Output } from './output';

/** What every command gets: typed calls and events through the core's router, attached or own. */
export interface CliContext {
  out: Output;
  /** Attached to a running core or running our own; which core. */
  connection: Pick<CoreConnection, 'mode' | 'core' | 'session'>;
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  /** Any method by name, the envelope as it came (the core validates): `opsdeck call`. */
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  /** Events of one topic until the returned function is called. */
  on<T extends EventTopic>(topic: T, listener: (payload: EventPayload<T>) => void): () => void;
}

export function createCliContext(conn: CoreConnection, out: Output): CliContext {
  return {
    out,
    connection: { mode: conn.mode, core: conn.core, session: conn.session },
    async call(method, params) {
      const envelope = await conn.invoke(method, params);
      if (envelope.ok) return envelope.value as never;
      throw new OpsdeckError(envelope.error.code, envelope.error.message, envelope.error.hint);
    },
    invoke: (method, params) => conn.invoke(method, params),
    on(topic, listener) {
      return conn.onEvent((message) => {
        if (message.topic === topic) listener(message.payload as never);
      });
    },
  };
}
