import { z } from 'zod';
import type { WorkflowDefinition } from '../../src-main/core/workflows/engine/definition';
import { ScriptedExecutor, testEngine } from './workflow-runner';

const Sealed = z.object({ boot: z.string().default(''), bootRef: z.string().optional() });
type Sealed = z.output<typeof Sealed>;

/**
 * The engine with one workflow, `sealed`, whose `boot` param is a secret its seal moves into a
 * vault (a Map here, holding an unrelated entry `vault:host-password` too) before the run is
 * recorded; `bootRef` holds the reference. Its one step runs `step`; `more` replaces parts of
 * the definition (steps with undos, onDiscard, leftBehind).
 */
export function sealedEngine(
  subject: () => string = () => 'db1',
  step: () => Promise<void> = async () => undefined,
  more: Partial<WorkflowDefinition<Sealed>> = {},
) {
  const vault = new Map<string, string>([['vault:host-password', 'hunter2']]);
  let n = 0;
  const def: WorkflowDefinition<Sealed> = {
    id: 'sealed',
    title: 'Sealed',
    description: 'test',
    params: Sealed,
    subject,
    seal: {
      field: 'bootRef',
      needed: (p) => p.boot !== '',
      apply: async (p) => {
        const ref = `vault:sealed-${++n}`;
        vault.set(ref, p.boot);
        return { boot: '', bootRef: ref };
      },
      discard: async (ref) => {
        vault.delete(ref);
      },
      exists: (ref) => vault.has(ref),
    },
    steps: [{ id: 'noop', title: 'Nothing', run: step }],
    ...more,
  };
  const executor = new ScriptedExecutor();
  return { ...testEngine([def as WorkflowDefinition], { executor }), vault };
}
