import { OpsdeckError } from '../../contract';
import type { Core } from '../../core/create-core';
import type { CallContext, Handlers } from '../router';

type WatchMethod = Extract<keyof Handlers, `watch.${string}`>;

/** The connection a subscription belongs to: every door makes its calls through one. */
function ownerOf(call: CallContext): string {
  if (call.connectionId) return call.connectionId;
  throw new OpsdeckError(
    'INVALID_PARAMS',
    'Watching a feed needs a door connection to deliver its updates to.',
    'Call watch.* through a door connection (server/connection.ts), not the bare router.',
  );
}

/** Live feeds: subscriptions owned by the calling connection (core/watch). */
export function watchHandlers(core: Core): Pick<Handlers, WatchMethod> {
  return {
    'watch.subscribe': (request, call) => core.watch.subscribe(request, ownerOf(call)),
    'watch.unsubscribe': ({ subscriptionId }, call) =>
      core.watch.unsubscribe(subscriptionId, ownerOf(call)),
    'watch.list': (_params, call) => core.watch.list(ownerOf(call)),
  };
}
