/**
 * How a CLI reaches a core: attach to the one running for the data folder (the window's, `opsdeck
 * serve`, another CLI's) over its local socket; with none running, start an in-process core that
 * takes the lease and serves the socket itself, so a second CLI attaches to this one.
 */
import { OpsdeckError, type Envelope } from '../contract/errors';
import type { EventMessage, EventTopic } from '../contract/index';
import { attachLocalCore, AttachError } from '../server/attach';
import type { Services } from '../server/compose';

export interface CoreConnection {
  /** Attached to a running core, or running our own in this process. */
  mode: 'attached' | 'own';
  /** Which core answers: its door and process. */
  core: { door: string; pid: number };
  /** This connection's session (prompts raised by its calls carry it). */
  session: string;
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (message: EventMessage) => void): () => void;
  /** Called if an attached core goes away while a command runs. */
  onLost(listener: () => void): void;
  close(): Promise<void>;
}

export interface ConnectOptions {
  dataDir: string;
  vaultPassphrase?: string;
  /** Event topics the command does not need (attached: the core does not send them). */
  exclude?: EventTopic[];
  /** How long to keep trying while another core is starting up (default 5 s). */
  busyWaitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function connectCore(o: ConnectOptions): Promise<CoreConnection> {
  const deadline = Date.now() + (o.busyWaitMs ?? 5_000);
  for (;;) {
    try {
      return await attach(o);
    } catch (err) {
      if (!(err instanceof AttachError)) throw err;
      if (err.reason !== 'absent')
        throw new OpsdeckError(
          'CORE_BUSY',
          `Cannot attach to the running Opsdeck core: ${err.message}`,
          err.hint || 'Quit the other Opsdeck and try again.',
        );
    }
    try {
      return await startOwn(o);
    } catch (err) {
      // A core that holds the lease but is not listening yet: it is starting up; attach soon.
      if (!(err instanceof OpsdeckError && err.code === 'CORE_BUSY') || Date.now() > deadline)
        throw err;
      await sleep(200);
    }
  }
}

async function attach(o: ConnectOptions): Promise<CoreConnection> {
  const conn = await attachLocalCore({
    dataDir: o.dataDir,
    ...(o.exclude ? { exclude: o.exclude } : {}),
  });
  if (o.vaultPassphrase) {
    // The CLI was given the passphrase: unlock the core's file vault if it is locked.
    const status = await conn.invoke('vault.status', {});
    const v = status.ok ? (status.value as { adapter: string; unlocked: boolean }) : undefined;
    if (v && v.adapter === 'passphrase-file' && !v.unlocked)
      await conn.invoke('vault.unlock', { passphrase: o.vaultPassphrase });
  }
  let closing = false;
  return {
    mode: 'attached',
    core: { door: conn.core.door, pid: conn.core.pid },
    session: conn.session,
    invoke: (m, p) => conn.invoke(m, p),
    onEvent: (l) => conn.onEvent(l),
    onLost: (l) => conn.onClose(() => closing || l()),
    close: async () => {
      closing = true;
      conn.close();
    },
  };
}

async function startOwn(o: ConnectOptions): Promise<CoreConnection> {
  // A CLI's own core is usually one command's: compiling zod's parsers (its JIT: code generation
  // and eval) costs more than the few parses it makes, in the router and in the core's services
  // alike. The setting is process-wide: when this core lives long (--follow, watch, a long
  // workflow) and other CLIs or the window attach to it as the lease holder, their calls are
  // parsed without the JIT too — the same checks, at a lower throughput. zod reads the setting
  // as it builds a schema: in the built CLI every schema the core uses is built after this line
  // (cli-core.cjs carries its own copy of the contract); under tsx the contract modules the CLI
  // loaded first (its start-up path) are shared and keep the JIT.
  (await import('zod')).config({ jitless: true });
  const { composeServices } = await import('../server/compose');
  const services = await composeServices({
    door: 'cli',
    dataDir: o.dataDir,
    areas: 'lazy',
    // A locked vault asks for its passphrase when a secret is needed: a prompt with a purpose,
    // answered on the terminal of the CLI whose call needed it (this one, or one attached).
    askForVaultPassphrase: true,
    ...(o.vaultPassphrase ? { vaultPassphrase: o.vaultPassphrase } : {}),
  });
  return ownConnection(services, () => services.shutdown());
}

/**
 * One door connection to a core in this process, as an attached CLI has: its events (broadcast
 * + addressed to it), its watches released and its waits aborted when the command ends; `after`
 * runs once it is closed (shutting our own core down).
 */
export function ownConnection(
  services: Pick<Services, 'connect'>,
  after: () => Promise<void> = async () => undefined,
): CoreConnection {
  const connection = services.connect('cli');
  return {
    mode: 'own',
    core: { door: 'cli', pid: process.pid },
    session: connection.id,
    invoke: (method, params) => connection.invoke(method, params),
    onEvent: (listener) => connection.onEvent(listener),
    onLost: () => undefined,
    close: async () => {
      connection.close();
      await after();
    },
  };
}
