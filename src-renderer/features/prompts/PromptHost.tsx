import { usePrompts } from './prompts-store';
import { HostKeyPrompt } from './HostKeyPrompt';
import { SecretPrompt } from './SecretPrompt';

/** Shows the oldest question the core is waiting on, above everything else. */
export function PromptHost() {
  const queue = usePrompts((s) => s.queue);
  const first = queue[0];
  if (!first) return null;
  const more = queue.length - 1;
  return first.kind === 'host-key' ? (
    <HostKeyPrompt key={first.id} prompt={first} more={more} />
  ) : (
    <SecretPrompt key={first.id} prompt={first} more={more} />
  );
}
