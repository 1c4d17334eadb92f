import { createClient, type OpsdeckClient } from '../contract';
import type { Connection, Services } from '../server/compose';
import type { Output } from './output';

/**
 * What every command gets: typed calls and events through its own connection to the core, the
 * same router the GUI uses (`on` hears broadcast events and the ones addressed to this CLI).
 */
export interface CliContext extends OpsdeckClient {
  services: Services;
  out: Output;
  /** The CLI's connection to the core; closed when the command ends (its watches stop). */
  connection: Connection;
}

export function createCliContext(services: Services, out: Output): CliContext {
  const connection = services.connect('cli');
  const client = createClient(connection);
  return { services, out, connection, call: client.call, on: client.on };
}
