import { z } from 'zod';
import { HostFacts } from '../../../src-main/contract';
import { FactsView } from '../hosts/FactsView';
import { ScrollText } from '../../ui/ScrollText';

/** collect-facts' output: the facts of each host it read. */
const Collected = z.object({ collect: z.object({ facts: z.array(HostFacts) }) });

/** A run's output: facts get their own view (one host) or a table (many); anything else is JSON. */
export function RunOutput({ output }: { output: Record<string, unknown> }) {
  const collected = Collected.safeParse(output);
  const facts = collected.success ? collected.data.collect.facts : [];
  if (facts.length === 1 && facts[0]) return <FactsView facts={facts[0]} />;
  if (facts.length > 1)
    return (
      <table className="grid-table" data-testid="run-facts">
        <thead>
          <tr>
            <th>Host</th>
            <th>OS</th>
            <th>CPUs</th>
            <th>MySQL</th>
          </tr>
        </thead>
        <tbody>
          {facts.map((f) => (
            <tr key={f.hostname}>
              <td className="mono">{f.hostname}</td>
              <td>{f.os}</td>
              <td>{f.cpus}</td>
              <td>
                {f.mysql.installed ? `${f.mysql.flavor ?? ''} ${f.mysql.version ?? ''}` : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  if (Object.keys(output).length === 0) return <p className="faint">No output yet.</p>;
  return (
    <ScrollText className="json mono" label="Run output">
      {JSON.stringify(output, null, 2)}
    </ScrollText>
  );
}
