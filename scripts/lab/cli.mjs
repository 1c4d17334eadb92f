// @ts-check
/** The `lab` command line: parses arguments, dispatches, turns failures into messages and exit codes. */
import { parseArgs } from 'node:util';
import { down } from './down.mjs';
import { LabError } from './errors.mjs';
import { withLabLock } from './lock.mjs';
import { MAX_HOSTS, MAX_STOCK_HOSTS, labPaths } from './paths.mjs';
import { requireRoot } from './preflight.mjs';
import { ACTION_NAMES, controlService } from './service.mjs';
import { monitoringDown, monitoringStatus, monitoringUp } from './monitoring.mjs';
import { formatStatus, labStatus } from './status.mjs';
import { up } from './up.mjs';
import { runWriter } from './writer-command.mjs';
import { existingHosts, findHost } from './host.mjs';
import { ensureHolder } from './namespace.mjs';
import { prepareNamespace } from './namespace-setup.mjs';
import { resetStockHost } from './stock.mjs';
import { proxyHosts } from './proxy-host.mjs';
import { isPriorityLevel, setLabPriority } from './priority.mjs';
import { onlineCpus, requestedCpus, setLabAffinity } from './affinity.mjs';
import { labCpuTime } from './cpu-time.mjs';

const USAGE = `usage: scripts/lab/lab <command>
  up [--hosts N] [--stock M] [--no-mysql]
                                bring up db1..dbN (default 3, at most ${MAX_HOSTS}); keeps what runs.
                                --stock M: also stock1..stockM, fresh Debian installs of MariaDB
                                (binlog off, server_id 1, root by unix_socket only, service mariadb)
                                --no-mysql: only sshd (for SSH fan-out with many hosts)
  status [--json]               each host's address, hostname, sshd and MariaDB; HAProxy
  start|stop|restart|kill <host> mysql|ssh
                                one service of one host (kill = SIGKILL, a simulated crash);
                                on proxy1 (HAProxy's host): ssh|haproxy
  reset <stockN> [--collation C] [--bind-loopback]
                                a stock host's MariaDB as freshly installed again (config, data);
                                --collation: installed with that default collation;
                                --bind-loopback: bind-address = 127.0.0.1 as the package ships it
  writer [--rate N] [--seconds S] [--json]
                                insert numbered rows through HAProxy's writer port (see docs/lab.md)
  priority normal|low|idle      CPU priority of everything on the lab's hosts (low: nice 19,
                                idle: SCHED_IDLE), for benches that measure the desktop side only
  priority pin <cpu-list>|unpin the CPUs everything on the lab's hosts may run on (taskset;
                                unpin: every online CPU again)
  cputime                       JSON: CPU ms used so far by everything on the lab's hosts
  down                          stop everything and remove everything the lab made
  env                           shell exports: eval "$(scripts/lab/lab env)"
  monitoring up|down|status     Prometheus + node/mysqld/haproxy exporters for the lab (docs/lab.md)
The lab dir is $OPSDECK_LAB_DIR, default <repo>/.lab. See docs/lab.md.`;

/**
 * @param {string[]} argv
 * @returns {Promise<string>} what to print on stdout
 */
async function main(argv) {
  const [command = 'help', ...args] = argv;
  if (ACTION_NAMES.includes(command)) return asRoot(() => serviceCommand(command, args));
  switch (command) {
    case 'up':
      return asRoot(() => upCommand(args));
    case 'status':
      return statusCommand(args);
    case 'down':
      noArguments(args);
      return asRoot(down);
    case 'reset':
      return asRoot(() => resetCommand(args));
    case 'env':
      return envCommand(args);
    case 'writer':
      return writerCommand(args);
    case 'monitoring':
      return monitoringCommand(args);
    case 'priority':
      return priorityCommand(args);
    case 'cputime':
      noArguments(args);
      requireRoot();
      return Promise.resolve(JSON.stringify(labCpuTime(allHosts())));
    case 'help':
    case '-h':
    case '--help':
      return USAGE;
    default:
      throw usageError(`unknown command: ${command}`);
  }
}

/** @param {string[]} args */
async function upCommand(args) {
  const { values } = parsing(() =>
    parseArgs({
      args,
      options: {
        hosts: { type: 'string', default: '3' },
        stock: { type: 'string', default: '0' },
        'no-mysql': { type: 'boolean' },
      },
    }),
  );
  const hosts = Number(values.hosts);
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > MAX_HOSTS) {
    throw usageError(`--hosts must be a whole number from 1 to ${MAX_HOSTS}`);
  }
  const stock = Number(values.stock);
  if (!Number.isInteger(stock) || stock < 0 || stock > MAX_STOCK_HOSTS) {
    throw usageError(`--stock must be a whole number from 0 to ${MAX_STOCK_HOSTS}`);
  }
  await up({ hosts, mysql: !values['no-mysql'], stock });
  return formatStatus(await labStatus(labPaths()));
}

/** @param {string[]} args */
async function statusCommand(args) {
  const { values } = parsing(() => parseArgs({ args, options: { json: { type: 'boolean' } } }));
  requireRoot();
  const status = await labStatus(labPaths());
  return values.json ? JSON.stringify(status, null, 2) : formatStatus(status);
}

/** @param {string[]} args */
function monitoringCommand(args) {
  const [action, ...rest] = args;
  noArguments(rest);
  switch (action) {
    case 'up':
      return asRoot(monitoringUp);
    case 'down':
      return asRoot(async () =>
        (await monitoringDown()) ? 'monitoring stopped' : 'monitoring was not running',
      );
    case 'status':
      requireRoot();
      return Promise.resolve(monitoringStatus());
    default:
      throw usageError('usage: lab monitoring up|down|status');
  }
}

/**
 * Not under the lab lock: it starts and stops nothing, and a bench calls it mid-measurement.
 * @param {string[]} args
 */
async function priorityCommand(args) {
  const { positionals } = parsing(() => parseArgs({ args, allowPositionals: true }));
  const [level, cpuList] = positionals;
  const usage = 'usage: lab priority normal|low|idle|pin <cpu-list>|unpin';
  if (level === 'pin' && positionals.length === 2 && cpuList) {
    requireRoot();
    return (await setLabAffinity(allHosts(), requestedCpus(cpuList, onlineCpus()))).line;
  }
  if (level === 'unpin' && positionals.length === 1) {
    requireRoot();
    return (await setLabAffinity(allHosts(), onlineCpus())).line;
  }
  if (positionals.length !== 1 || !level || !isPriorityLevel(level)) throw usageError(usage);
  requireRoot();
  return (await setLabPriority(allHosts(), level)).line;
}

/** Every host of the lab: db and stock hosts and the proxy's. */
function allHosts() {
  const lab = labPaths();
  return [...existingHosts(lab), ...proxyHosts(lab)];
}

/** @param {string[]} args */
function envCommand(args) {
  noArguments(args);
  const lab = labPaths();
  const exports = {
    LAB_DIR: lab.dir,
    LAB_KEY: lab.clientKey,
    LAB_INVENTORY: lab.inventory,
    LAB_SSH_CONFIG: lab.sshConfig,
    LAB_KNOWN_HOSTS: lab.knownHosts,
  };
  return Object.entries(exports)
    .map(([name, value]) => `export ${name}='${value}'`)
    .join('\n');
}

/** @param {string[]} args */
async function writerCommand(args) {
  const { values } = parsing(() =>
    parseArgs({
      args,
      options: {
        rate: { type: 'string', default: '100' },
        seconds: { type: 'string', default: '10' },
        json: { type: 'boolean' },
      },
    }),
  );
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  if (!(rate > 0 && rate <= 5000) || !(seconds > 0)) {
    throw usageError('--rate must be 1..5000 rows/s and --seconds a positive number');
  }
  return runWriter(labPaths(), { rate, seconds, json: Boolean(values.json) });
}

/** @param {string[]} args */
async function resetCommand(args) {
  const { positionals, values } = parsing(() =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { collation: { type: 'string' }, 'bind-loopback': { type: 'boolean' } },
    }),
  );
  const [name] = positionals;
  if (positionals.length !== 1 || !name)
    throw usageError('usage: lab reset <stockN> [--collation C] [--bind-loopback]');
  const host = findHost(labPaths(), name);
  await prepareNamespace(labPaths(), host, await ensureHolder(host));
  return resetStockHost(labPaths(), host, await ensureHolder(host), {
    ...(values.collation ? { collation: values.collation } : {}),
    ...(values['bind-loopback'] ? { bindLoopback: true } : {}),
  });
}

/**
 * @param {string} action
 * @param {string[]} args
 */
function serviceCommand(action, args) {
  const { positionals } = parsing(() => parseArgs({ args, allowPositionals: true }));
  const [host, service] = positionals;
  if (positionals.length !== 2 || !host || !service) {
    throw usageError(`usage: lab ${action} <host> mysql|ssh`);
  }
  return controlService(action, host, service);
}

/**
 * Runs an argument parser (parseArgs is strict by default) and turns its complaint into a usage error.
 * @template T
 * @param {() => T} parser
 * @returns {T}
 */
function parsing(parser) {
  try {
    return parser();
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
}

/** @param {string[]} args */
function noArguments(args) {
  parsing(() => parseArgs({ args }));
}

/**
 * Runs a command that changes the lab: as root, holding the lab lock.
 * @param {() => Promise<string>} command
 */
function asRoot(command) {
  requireRoot();
  return withLabLock(command);
}

/** @param {string} message */
function usageError(message) {
  return new LabError(`${message}\n\n${USAGE}`, 2);
}

try {
  const output = await main(process.argv.slice(2));
  if (output) process.stdout.write(`${output}\n`);
} catch (err) {
  if (!(err instanceof LabError)) throw err;
  process.stderr.write(`lab: ${err.message}\n`);
  process.exitCode = err.exitCode;
}
