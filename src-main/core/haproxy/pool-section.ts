import { OpsdeckError, type HaproxySection } from '../../contract';
import { parseHaproxyConfig } from './config-parse';
import { WRITER_POOL_MARKER, endpoint, type GeneratedPool, type PoolServer } from './pool';

/** A MySQL writer pool made from scratch, for a proxy that has none yet. */
export interface ListenPoolSpec {
  /** Name of the new `listen` section. */
  section: string;
  /** Where applications connect: `address:port` (or `:port` for every address). */
  bind: string;
  /** The one server that takes writes (the master). */
  active: PoolServer;
  /** The other members: `backup` servers (used only while the active one is down), or left out. */
  others: PoolServer[];
  othersAs: 'backup' | 'absent';
  /**
   * A MySQL user that HAProxy may log in as (no password, no grants) for `option mysql-check`;
   * without one, the check is a TCP connect.
   */
  checkUser?: string;
  /** Shown in the comment at the top of the section. */
  note: string;
}

const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
const BIND = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]*):(\d{1,5})$/;
const USER = /^[A-Za-z0-9_.-]{1,32}$/;
const CHECK = 'check inter 1s fall 2 rise 2';

/**
 * Appends a `listen` section for the writers — `mode tcp`, its `bind`, `balance first` with the
 * master as the only active server, `option mysql-check user …` where a check user exists (else a
 * TCP connect check), the other members as `backup` or left out — and leaves every other line as it
 * was. Refuses a name that is taken or a bind another section already uses: the result must still
 * pass `haproxy -c` before it is installed (create-pool.ts).
 */
export function generateListenPool(config: string, spec: ListenPoolSpec): GeneratedPool {
  const sections = parseHaproxyConfig(config);
  checkSpec(sections, spec);
  const server = (s: PoolServer, flag?: 'backup') =>
    `  server ${s.name} ${endpoint(s)} ${CHECK}${flag ? ` ${flag}` : ''}`;
  const servers = [
    server(spec.active),
    ...(spec.othersAs === 'backup'
      ? spec.others.filter((s) => s.name !== spec.active.name).map((s) => server(s, 'backup'))
      : []),
  ];
  const section = [
    `listen ${spec.section}`,
    `  ${WRITER_POOL_MARKER} ${spec.note}`,
    '  mode tcp',
    `  bind ${spec.bind}`,
    '  balance first',
    '  option tcpka',
    // Without a check user, `check` alone is a TCP connect.
    ...(spec.checkUser ? [`  option mysql-check user ${spec.checkUser} post-41`] : []),
    ...servers,
  ];
  const body = config.replace(/\n*$/, '');
  const text = `${body}${body ? '\n\n' : ''}${section.join('\n')}\n`;
  return { text, changed: true, before: [], after: servers.map((l) => l.trim()) };
}

function checkSpec(sections: readonly HaproxySection[], spec: ListenPoolSpec): void {
  if (!NAME.test(spec.section))
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `"${spec.section}" is not a usable HAProxy section name.`,
      'Use letters, digits, "_", ".", ":" or "-" (e.g. mysql_writer).',
    );
  const taken = sections.find((s) => s.name === spec.section && s.kind !== 'global');
  if (taken)
    throw new OpsdeckError(
      'CONFLICT',
      `The HAProxy config already has a ${taken.kind} section "${spec.section}" (line ${taken.line}).`,
      taken.kind === 'backend' || taken.kind === 'listen'
        ? 'Use it as the writers’ section: a switchover or failover rewrites its server lines.'
        : 'Choose another name for the writers’ pool.',
    );
  const bind = BIND.exec(spec.bind);
  if (!bind || Number(bind[2]) < 1 || Number(bind[2]) > 65535)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `"${spec.bind}" is not an address:port to bind.`,
      'Give the address and port applications connect to, e.g. 10.0.0.254:3306 or :3306.',
    );
  const clash = sections.find((s) => s.binds.some((b) => bindsClash(b, spec.bind)));
  if (clash)
    throw new OpsdeckError(
      'CONFLICT',
      `${clash.kind} "${clash.name}" already binds ${spec.bind}.`,
      'Choose a free address:port for the writers, or use that section.',
    );
  if (spec.checkUser !== undefined && !USER.test(spec.checkUser))
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `"${spec.checkUser}" is not a usable MySQL user for HAProxy's check.`,
      'Give the user HAProxy logs in as (it needs no password and no grants), or none for a TCP check.',
    );
  for (const s of [spec.active, ...spec.others])
    if (!NAME.test(s.name))
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `"${s.name}" is not a usable HAProxy server name.`,
        'Name servers with letters, digits, "_", ".", ":" or "-".',
      );
}

const WILDCARD = new Set(['', '*', '0.0.0.0', '[::]']);

/** Two binds take the same port: the same address, or either of them every address. */
function bindsClash(existing: string, wanted: string): boolean {
  const split = (b: string) => {
    const at = b.lastIndexOf(':');
    return { address: b.slice(0, at), port: b.slice(at + 1) };
  };
  const a = split(existing.split(/\s+/)[0] ?? '');
  const b = split(wanted);
  return (
    a.port === b.port &&
    (a.address === b.address || WILDCARD.has(a.address) || WILDCARD.has(b.address))
  );
}
