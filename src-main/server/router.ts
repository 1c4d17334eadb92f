import { OpsdeckError, toErrorShape, type Envelope } from '../contract/errors';
import { isIndexedMethod, loadMethodSpec } from '../contract/method-loaders';
import type { MethodName, Params, Result } from '../contract/methods';
import { callScope } from '../core/call-scope';

/** Who is calling: recorded in run history and audit records. */
export interface CallContext {
  door: 'electron' | 'web' | 'cli';
  /**
   * The door connection making the call (server/connection.ts): what the caller starts for
   * itself alone (a watch subscription) is delivered to it and ends when it disconnects, and the
   * prompts its calls raise are stamped with it (so a CLI answers only its own).
   */
  connectionId?: string;
  /** Aborted when that connection goes away: long waits stop instead of running on for nobody. */
  signal?: AbortSignal;
}

export type Handler<M extends MethodName> = (
  params: Params<M>,
  call: CallContext,
) => Promise<Result<M>> | Result<M>;

/** One handler per contract method; the compiler refuses a missing or misspelt one. */
export type Handlers = { [M in MethodName]: Handler<M> };

export interface Router {
  /**
   * Validate params with the method's schema, run the handler, return an envelope. A method's
   * schemas (its table of the contract) are built the first time one of its methods is called.
   */
  call(method: unknown, params: unknown, call: CallContext): Promise<Envelope<unknown>>;
}

/** Where the router finds a method's handler: a table, or a loader (server/handlers/lazy.ts). */
export type HandlerSource = Handlers | ((method: MethodName) => Promise<Handler<MethodName>>);

export interface RouterOptions {
  /**
   * Validate without zod's compiled fast path (its JIT): for a core that usually lives for one
   * command (a CLI's own). Compiling an object schema's parser (code generation and eval) costs
   * more than the few parses such a core makes; the checks are the same. When that core lives
   * long (--follow, watch, a long workflow) and others attach to it, their calls are parsed
   * this way too: correct, at a lower throughput.
   */
  jitless?: boolean;
}

export function createRouter(source: HandlerSource, options: RouterOptions = {}): Router {
  const parseOptions = { jitless: options.jitless === true };
  const handlerOf = async <M extends MethodName>(method: M): Promise<Handler<M>> =>
    (typeof source === 'function' ? await source(method) : source[method]) as Handler<M>;
  return {
    async call(method, params, call) {
      if (!isIndexedMethod(method)) {
        return {
          ok: false,
          error: {
            code: 'UNKNOWN_METHOD',
            message: `No such method: ${String(method).slice(0, 80)}`,
            hint: 'Check the method name against the contract (opsdeck methods lists them).',
          },
        };
      }
      try {
        // Inside the try: a method table that fails to load answers as an error, never a rejection.
        const spec = await loadMethodSpec(method);
        const parsed = spec.params.safeParse(params ?? {}, parseOptions);
        if (!parsed.success) {
          const first = parsed.error.issues[0];
          const where = first && first.path.length ? first.path.join('.') : 'params';
          return {
            ok: false,
            error: {
              code: 'INVALID_PARAMS',
              message: `${method}: ${where}: ${first?.message ?? 'invalid'}`,
              hint: 'Correct the highlighted field and try again.',
            },
          };
        }
        const handler = await handlerOf(method);
        const origin = {
          door: call.door,
          ...(call.connectionId ? { session: call.connectionId } : {}),
        };
        const value = await callScope.run(origin, () => handler(parsed.data as never, call));
        // Results are checked too: a handler can never leak a field the contract does not name.
        return { ok: true, value: spec.result.parse(value, parseOptions) };
      } catch (err) {
        return { ok: false, error: toErrorShape(err) };
      }
    },
  };
}

export { OpsdeckError };
