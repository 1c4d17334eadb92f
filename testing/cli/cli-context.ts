import { createCliContext, type CliContext } from '../../src-main/cli/cli-context';
import { ownConnection } from '../../src-main/cli/core-connection';
import { createOutput } from '../../src-main/cli/output';
import type { Services } from '../../src-main/server/compose';

/**
 * A CLI's context over test services, as `opsdeck` running its own core has it: one door
 * connection (calls and the prompts they raise carry its session). Close it when done.
 */
export function cliContextOf(services: Pick<Services, 'connect'>): CliContext & { close(): void } {
  const connection = ownConnection(services);
  return {
    ...createCliContext(connection, createOutput(false)),
    close: () => void connection.close(),
  };
}
