import { HostFacts } from '../../../src-main/contract';
import { FactsView } from '../hosts/FactsView';

/** A run's output: facts get their own view; anything else is shown as JSON. */
export function RunOutput({ output }: { output: Record<string, unknown> }) {
  const facts = HostFacts.safeParse(output.facts ?? output);
  if (facts.success) return <FactsView facts={facts.data} />;
  if (Object.keys(output).length === 0) return <p className="faint">No output yet.</p>;
  return <pre className="json mono">{JSON.stringify(output, null, 2)}</pre>;
}
