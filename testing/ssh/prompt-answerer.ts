import type { PromptAnswer, PromptRequest } from '../../src-main/contract';
import { createEventBus } from '../../src-main/core/event-bus';
import { PromptService } from '../../src-main/core/prompts/prompt-service';

type Decision = Extract<PromptAnswer, { kind: 'host-key' }>['decision'];
type Reply =
  | { kind: 'host-key'; decision: Decision }
  | { kind: 'secret'; value: string | null; remember?: boolean }
  | 'ignore';

/**
 * A PromptService over a real event bus, answered from test code (DESIGN: prompts are events;
 * a test answers from code). `reply` decides each answer; every request is recorded.
 */
export function answeringPrompts(reply: (request: PromptRequest) => Reply) {
  const bus = createEventBus();
  const prompts = new PromptService(bus, 30_000);
  const asked: PromptRequest[] = [];
  bus.subscribe((message) => {
    if (message.topic !== 'prompt.request') return;
    const request = message.payload as PromptRequest;
    asked.push(request);
    const answer = reply(request);
    if (answer === 'ignore') return;
    queueMicrotask(() => {
      if (answer.kind === 'host-key')
        prompts.answer({ kind: 'host-key', id: request.id, decision: answer.decision });
      else
        prompts.answer({
          kind: 'secret',
          id: request.id,
          value: answer.value,
          remember: answer.remember ?? false,
        });
    });
  });
  return { prompts, asked, bus };
}

/** Answer every host-key question with one decision (secrets are not expected). */
export function hostKeyAnswers(decision: Decision) {
  return answeringPrompts((r) =>
    r.kind === 'host-key' ? { kind: 'host-key', decision } : { kind: 'secret', value: null },
  );
}
