import type { z } from 'zod';
import type { EventTopic } from './events';

/** The declaration of one contract method: the only place its name and shapes are written. */
export interface MethodSpec<
  P extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  E extends EventTopic = EventTopic,
> {
  readonly summary: string;
  readonly params: P;
  readonly result: R;
  /**
   * Event topics this method may emit while it (or the stream or run it starts) runs: checked
   * against the event table, so a misspelt or undeclared topic does not compile.
   */
  readonly events: readonly E[];
  /** True when the method changes local state or a remote system (CLI asks for --yes on destroy). */
  readonly mutates: boolean;
}

export function defineMethod<
  P extends z.ZodType,
  R extends z.ZodType,
  E extends EventTopic = never,
>(spec: MethodSpec<P, R, E>): MethodSpec<P, R, E> {
  return spec;
}
