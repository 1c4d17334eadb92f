import { usePrompts } from './prompts-store';
import { HostKeyPrompt } from './HostKeyPrompt';
import { SecretPrompt } from './SecretPrompt';
import { GatePrompt } from './GatePrompt';

/** Shows the oldest question the core is waiting on, above everything else. */
export function PromptHost() {
  const queue = usePrompts((s) => s.queue);
  const first = queue[0];
  if (!first) return null;
  const more = queue.length - 1;
  switch (first.kind) {
    case 'host-key':
      return <HostKeyPrompt key={first.id} prompt={first} more={more} />;
    case 'secret':
      return <SecretPrompt key={first.id} prompt={first} more={more} />;
    case 'confirm':
      return <GatePrompt key={first.id} prompt={first} more={more} />;
  }
}
