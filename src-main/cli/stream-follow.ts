import type { EventPayload, EventTopic } from '../contract/index';
import type { CliContext } from './cli-context';

export interface FollowOptions<T extends EventTopic> {
  topic: T;
  /** The stream id an event belongs to. */
  idOf(payload: EventPayload<T>): string;
  /** Start the stream (a contract call); resolves with its id. */
  start(): Promise<string>;
  /**
   * Once the id is known, before any event of the stream is handled (events keep being buffered
   * meanwhile): e.g. read the stream's state so far, which the events then build on.
   */
  started?(id: string): Promise<void> | void;
  /** Each event of this stream, in order. */
  onEvent?(payload: EventPayload<T>): void;
  /** The event that ends the stream. */
  isEnd(payload: EventPayload<T>): boolean;
  /** Ctrl+C: ask the core to cancel (the stream still ends with its end event). */
  cancel?(id: string): void;
  /** Following a stream that was already going: has it ended before we listened? */
  endedBefore?(id: string): Promise<boolean>;
}

/**
 * Follow one stream (a cluster exec, a workflow run, a transfer) through contract events only:
 * the listener is in place before the stream starts (its first events arrive before the call
 * that started it answers, and are buffered until its id is known), and it ends with the
 * stream's own end event. Resolves with the stream id.
 */
export async function followStream<T extends EventTopic>(
  ctx: CliContext,
  o: FollowOptions<T>,
): Promise<string> {
  let id: string | undefined;
  let ready = false;
  const early: EventPayload<T>[] = [];
  let ended: () => void = () => undefined;
  const end = new Promise<void>((resolve) => (ended = resolve));
  const handle = (payload: EventPayload<T>) => {
    o.onEvent?.(payload);
    if (o.isEnd(payload)) ended();
  };
  const stop = ctx.on(o.topic, (payload) => {
    if (!ready) early.push(payload);
    else if (o.idOf(payload) === id) handle(payload);
  });
  const onSignal = () => {
    if (id !== undefined) o.cancel?.(id);
  };
  try {
    id = await o.start();
    await o.started?.(id);
    ready = true;
    for (const payload of early.splice(0)) if (o.idOf(payload) === id) handle(payload);
    if (await o.endedBefore?.(id)) ended();
    process.on('SIGINT', onSignal);
    await end;
    return id;
  } finally {
    process.off('SIGINT', onSignal);
    stop();
  }
}
