import { create } from 'zustand';
import type { PromptAnswer, PromptRequest } from '../../../src-main/contract';
import { client } from '../../api';
import { notifyError } from '../../app/toasts';

/** Questions the core is waiting on, oldest first. The first one is shown. */
export const usePrompts = create<{ queue: PromptRequest[] }>(() => ({ queue: [] }));

const add = (p: PromptRequest) =>
  usePrompts.setState((s) => (s.queue.some((q) => q.id === p.id) ? s : { queue: [...s.queue, p] }));
const drop = (id: string) =>
  usePrompts.setState((s) => ({ queue: s.queue.filter((q) => q.id !== id) }));

export async function refetchPrompts(): Promise<void> {
  try {
    const pending = await client.call('prompts.pending', {});
    usePrompts.setState({ queue: pending });
  } catch (err) {
    notifyError('Could not fetch pending questions', err);
  }
}

export function startPromptsFeed(): () => void {
  void refetchPrompts();
  const offs = [client.on('prompt.request', add), client.on('prompt.closed', ({ id }) => drop(id))];
  return () => offs.forEach((off) => off());
}

/** Close a question here without answering it (a gate also waits in its run's view). */
export const deferPrompt = (id: string) => drop(id);

/** Answer and close (another door may have answered already: that is fine). */
export async function answerPrompt(answer: PromptAnswer): Promise<void> {
  drop(answer.id);
  try {
    await client.call('prompts.answer', answer);
  } catch (err) {
    notifyError('The answer was not taken', err);
  }
}
