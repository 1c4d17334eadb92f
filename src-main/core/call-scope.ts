import { AsyncLocalStorage } from 'node:async_hooks';

/** Which door and which connected session a piece of core work was started by. */
export interface CallOrigin {
  door: string;
  /** One connection of a door (a CLI process, a browser tab, a window); unset in-process. */
  session?: string;
}

const scope = new AsyncLocalStorage<CallOrigin>();

/**
 * The origin of the call being served, carried through every await of its handler (and of work
 * it starts, like a workflow run). Prompts are stamped with it, so a CLI answers only the
 * questions its own commands raised and never those of a window next to it.
 */
export const callScope = {
  run<T>(origin: CallOrigin, fn: () => T): T {
    return scope.run(origin, fn);
  },
  current(): CallOrigin | undefined {
    return scope.getStore();
  },
};
