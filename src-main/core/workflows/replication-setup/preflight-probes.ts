import type { BackupEntry, Host, PreflightCheck } from '../../../contract';
import type { Dialect } from '../../mysql/dialects/dialect';
import { shellQuote as shq } from '../../common/shell';
import { asRoot, needsSudo } from '../../ssh/privilege';
import type { Io } from './io';

/** A login no server has: its "access denied" names the client address the master sees. */
export const PROBE_USER = 'opsdeck_probe_nologin';

/**
 * From the replica, try to log in to the master with an account that does not exist. The
 * refusal proves the port is reachable and names the address the master sees for the replica
 * (on a shared network namespace, or behind NAT, that is not the replica's own address). No
 * credentials travel and nothing changes on either server.
 */
export async function probeFromReplica(
  io: Io,
  replica: Host,
  client: string,
  endpoint: { address: string; port: number },
): Promise<{ check: PreflightCheck; address?: string }> {
  const title = `Replica reaches the master's port`;
  const cmd = `${client} --no-defaults --protocol=TCP --connect-timeout=5 --host=${shq(endpoint.address)} --port=${endpoint.port} -u ${PROBE_USER} -e 'SELECT 1' 2>&1; true`;
  const out = (await io.sh(replica, cmd)).stdout;
  const seen = /(?:user '[^']*'@|Host )'([^']+)'/.exec(out)?.[1];
  if (seen && /ERROR (1045|1130|1129|1698)/.test(out)) {
    return {
      address: seen,
      check: {
        id: 'network',
        title,
        level: 'ok',
        message: `${replica.name} reaches ${endpoint.address}:${endpoint.port}; the master sees it as ${seen}${seen !== replica.address ? ` (not ${replica.address})` : ''}, so the replication account is restricted to ${seen}.`,
      },
    };
  }
  if (/command not found|not found/i.test(out)) {
    return {
      check: {
        id: 'network',
        title,
        level: 'error',
        message: `${replica.name} has no ${client} client to test the connection with.`,
        hint: `Install the ${client} client on ${replica.name}.`,
      },
    };
  }
  return {
    check: {
      id: 'network',
      title,
      level: 'error',
      message: `${replica.name} cannot reach MySQL at ${endpoint.address}:${endpoint.port}: ${out.trim().split('\n').pop() ?? 'no answer'}`,
      hint: `Check the firewall between them and the master's bind-address / port; the replica connects to ${endpoint.address}:${endpoint.port} (the master's MySQL address in the inventory).`,
    },
  };
}

/**
 * The programs each host runs for the seed. A catalogued backup is read from its destination by
 * Opsdeck: the master runs nothing, the replica decompresses and loads (or unpacks) it.
 */
export function seedTools(
  md: Dialect,
  rd: Dialect,
  seed: 'dump' | 'hot-backup',
  backup?: Pick<BackupEntry, 'kind' | 'tool' | 'compression'>,
): { master: string[]; replica: string[] } {
  const unpack = (tool: string) => (tool === 'xtrabackup' ? 'xbstream' : 'mbstream');
  if (backup) {
    const decompress = backup.compression === 'none' ? [] : [backup.compression];
    const load =
      backup.kind === 'hot'
        ? [unpack(backup.tool), rd.hotBackup.name]
        : backup.tool === 'mydumper'
          ? ['tar', 'myloader']
          : [];
    return { master: [], replica: [rd.client, ...decompress, ...load] };
  }
  const dumpTool = md.dumpCommand({ databases: [], gtid: false }).split(' ')[0] as string;
  return seed === 'dump'
    ? { master: [dumpTool, md.client], replica: [rd.client] }
    : {
        master: [md.hotBackup.name],
        replica: [rd.hotBackup.name, rd.hotBackup.extract('/x').split(' ')[0] as string],
      };
}

/** The seed's command-line tools exist on both hosts, and they can log in over the socket. */
export async function toolsCheck(
  io: Io,
  master: Host,
  replica: Host,
  md: Dialect,
  rd: Dialect,
  seed: 'dump' | 'hot-backup',
  backup?: Pick<BackupEntry, 'kind' | 'tool' | 'compression'>,
): Promise<PreflightCheck[]> {
  const tools = seedTools(md, rd, seed, backup);
  const masterTools = tools.master;
  const replicaTools = tools.replica;
  // Only the tools that log in need a login: the dump on both sides, the backup on the master.
  const check = async (host: Host, tools: string[], client?: string): Promise<PreflightCheck> => {
    // The seed runs the tools as root (through sudo -n for other logins): socket authentication.
    const login = client
      ? `; ${asRoot(host, `${client} -N -e 'SELECT 1'`)} >/dev/null 2>&1 || echo 'login failed'`
      : '';
    const script = `for t in ${tools.join(' ')}; do command -v "$t" >/dev/null 2>&1 || echo "missing $t"; done${login}`;
    const out = (await io.sh(host, script)).stdout.trim();
    const missing = [...out.matchAll(/missing (\S+)/g)].map((m) => m[1]);
    const id = `tools-${host === master ? 'master' : 'replica'}`;
    const title = `Seed tools on ${host.name}`;
    if (missing.length)
      return {
        id,
        title,
        level: 'error',
        message: `${host.name} lacks ${missing.join(', ')}.`,
        hint: `Install them on ${host.name}.`,
      };
    if (/login failed/.test(out))
      return {
        id,
        title,
        level: 'error',
        message: `\`${client}\` run over SSH on ${host.name}${needsSudo(host) ? ' through sudo' : ''} cannot log in to its server.`,
        hint: `The seed runs the command-line tools as root on ${host.name}: give root socket authentication (the distributions' default) or a /root/.my.cnf with credentials.`,
      };
    return {
      id,
      title,
      level: 'ok',
      message: `${tools.length ? `${tools.join(', ')} present; ` : ''}${client} logs in`,
    };
  };
  return [
    await check(master, masterTools, md.client),
    await check(replica, replicaTools, rd.client),
  ];
}
