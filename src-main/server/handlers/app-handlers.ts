import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';
import { version } from '../version';

export function appHandlers(
  core: Core,
): Pick<Handlers, 'app.info' | 'audit.list' | 'prompts.pending' | 'prompts.answer'> {
  return {
    'app.info': () => ({
      version,
      door: core.door,
      dataDir: core.dataDir,
      platform: process.platform,
    }),
    'audit.list': ({ limit, target, since }) =>
      core.audit.list(limit, target, since ? new Date(since).toISOString() : undefined),
    'prompts.pending': () => core.prompts.list(),
    'prompts.answer': (answer, call) => ({ accepted: core.prompts.answer(answer, call.door) }),
  };
}
