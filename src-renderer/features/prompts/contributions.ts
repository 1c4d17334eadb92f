import { contribute } from '../../app/contributions';
import { PromptHost } from './PromptHost';
import { refetchPrompts, startPromptsFeed } from './prompts-store';

/** Prompts: the core's questions (host keys, secrets) answered in a dialog any area can raise. */
contribute({
  overlays: [PromptHost],
  feeds: [{ start: startPromptsFeed, resync: () => void refetchPrompts() }],
});
