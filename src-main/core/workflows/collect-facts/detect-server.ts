import type { HostFacts, ServerProfile, ServiceManager, SocketBridge } from '../../../contract';
import { BRIDGES, SOCKET_CANDIDATES } from '../../mysql/socket-bridge';
import { effectiveValue, mainServerFile, type OptionTree } from '../../mysql/options/option-tree';
import { SERVER_ARGS_SCRIPT, serverArgsOf } from '../../mysql/options/server-args';

export { serverArgsOf };
import { splitSections } from './parse-facts';

/**
 * How a host is run, read over SSH without changing anything: who the login is and whether it can
 * become root, the service manager and the MySQL / HAProxy services, the relays a socket login can
 * use, the running server's command line. Pure: the scripts, and parsers of their output.
 */

export type SudoAccess = NonNullable<HostFacts['access']>['sudo'];

export const ACCESS_SCRIPT = [
  'echo @@user; id -un',
  'echo @@sudo; if [ "$(id -u)" = 0 ]; then echo root; elif ! command -v sudo >/dev/null 2>&1; then echo none; elif sudo -n true >/dev/null 2>&1; then echo passwordless; else echo password; fi',
].join('; ');

export function parseAccess(output: string): NonNullable<HostFacts['access']> {
  const s = splitSections(output);
  const sudo = (s.get('sudo') ?? '').trim();
  return {
    user: (s.get('user') ?? '').trim(),
    sudo: (['root', 'passwordless', 'password', 'none'] as const).find((v) => v === sudo) ?? 'none',
  };
}

const SERVICE_NAMES = ['mariadb', 'mysql', 'mysqld'];

/** Run as root where the login can (the server's pid file and sockets may be root's or mysql's). */
export const SERVICES_SCRIPT = [
  'echo @@systemd; [ -d /run/systemd/system ] && echo yes',
  `echo @@units; [ -d /run/systemd/system ] && systemctl list-unit-files --no-legend --no-pager ${[...SERVICE_NAMES, 'haproxy'].map((n) => `${n}.service`).join(' ')} 2>/dev/null`,
  `echo @@initd; for n in ${[...SERVICE_NAMES, 'haproxy'].join(' ')}; do [ -x "/etc/init.d/$n" ] && echo "$n"; done`,
  'echo @@service; command -v service',
  'echo @@haproxy; command -v haproxy || { [ -x /usr/sbin/haproxy ] && echo /usr/sbin/haproxy; }',
  'echo @@haproxy-config; [ -f /etc/haproxy/haproxy.cfg ] && echo /etc/haproxy/haproxy.cfg',
  `echo @@bridges; for t in ${BRIDGES.join(' ')}; do command -v "$t" >/dev/null 2>&1 && echo "$t"; done`,
  `echo @@server; ${SERVER_ARGS_SCRIPT}`,
  `echo @@sockets; for s in ${SOCKET_CANDIDATES.join(' ')}; do [ -S "$s" ] && echo "$s"; done`,
].join('; ');

export interface ServicesFound {
  systemd: boolean;
  /** systemd unit files present, e.g. ["mariadb.service", "mysql.service"]. */
  units: string[];
  /** SysV init scripts present, e.g. ["mariadb"]. */
  initScripts: string[];
  hasServiceCommand: boolean;
  haproxy: boolean;
  haproxyConfig?: string;
  bridges: SocketBridge[];
  /** The running server's command line (empty when none runs / unreadable). */
  serverArgs: string[];
  /** Sockets that exist in the usual places. */
  sockets: string[];
}

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function parseServices(output: string): ServicesFound {
  const s = splitSections(output);
  const haproxyConfig = lines(s.get('haproxy-config'))[0];
  return {
    systemd: lines(s.get('systemd'))[0] === 'yes',
    units: lines(s.get('units')).map((l) => l.split(/\s+/)[0] as string),
    initScripts: lines(s.get('initd')),
    hasServiceCommand: lines(s.get('service')).length > 0,
    haproxy: lines(s.get('haproxy')).length > 0,
    ...(haproxyConfig ? { haproxyConfig } : {}),
    bridges: lines(s.get('bridges')).filter((t): t is SocketBridge =>
      (BRIDGES as readonly string[]).includes(t),
    ),
    serverArgs: lines(s.get('server')),
    sockets: lines(s.get('sockets')),
  };
}

interface ServiceCommands {
  manager: ServiceManager;
  name: string;
  start: string;
  stop: string;
  restart: string;
  reload: string;
}

/** systemctl for a systemd unit; `service` (else the init script) for SysV. */
export function serviceCommands(
  found: ServicesFound,
  names: readonly string[],
): ServiceCommands | undefined {
  if (found.systemd) {
    const name = names.find((n) => found.units.includes(`${n}.service`));
    if (name) {
      const c = (verb: string) => `systemctl ${verb} ${name}`;
      return {
        manager: 'systemd',
        name,
        start: c('start'),
        stop: c('stop'),
        restart: c('restart'),
        reload: c('reload'),
      };
    }
  }
  const name = names.find((n) => found.initScripts.includes(n));
  if (!name) return undefined;
  const c = (verb: string) =>
    found.hasServiceCommand ? `service ${name} ${verb}` : `/etc/init.d/${name} ${verb}`;
  return {
    manager: 'sysv',
    name,
    start: c('start'),
    stop: c('stop'),
    restart: c('restart'),
    reload: c('reload'),
  };
}

export interface DetectedProfile {
  profile: Partial<ServerProfile>;
  notes: string[];
}

/** Who may do what: root, or sudo without a password; notes say what is not possible. */
export function accessProfile(
  access: NonNullable<HostFacts['access']>,
  host: string,
): DetectedProfile {
  const notes: string[] = [];
  if (access.sudo === 'password')
    notes.push(
      `sudo asks ${access.user} for a password on ${host}: Opsdeck cannot edit config files, restart services or log in to MySQL over its socket as root. Allow NOPASSWD for ${access.user}, or log in as root.`,
    );
  if (access.sudo === 'none')
    notes.push(
      `${access.user} on ${host} is not root and has no sudo: privileged work is not possible.`,
    );
  return { profile: { sudo: access.sudo !== 'root' }, notes };
}

/**
 * MySQL's profile from its option files and services: the file that holds the server's settings,
 * the data dir and socket (command line, then option files, then the distribution's defaults),
 * the service commands, the relay for socket logins through sudo.
 */
export function mysqlProfile(
  tree: OptionTree,
  found: ServicesFound,
  access: NonNullable<HostFacts['access']>,
  flavor: string | undefined,
): DetectedProfile {
  const notes: string[] = [];
  const profile: Partial<ServerProfile> = {};
  const known = ['mysql', 'mariadb', 'percona'] as const;
  const kind = known.find((k) => k === flavor);
  if (kind) profile.mysqlFlavor = kind;
  const args = serverArgsOf(found.serverArgs);
  const config = mainServerFile(tree);
  if (config) profile.mysqlConfigPath = config;
  else notes.push('No MySQL option file found (/etc/my.cnf, /etc/mysql/my.cnf).');
  const datadir = args.datadir ?? effectiveValue(tree, 'datadir');
  profile.mysqlDataDir = (datadir ?? '/var/lib/mysql').replace(/\/+$/, '') || '/';
  const socket = args.socket ?? effectiveValue(tree, 'socket') ?? found.sockets[0];
  if (socket) profile.mysqlSocket = socket;
  const names = flavor === 'mariadb' ? SERVICE_NAMES : ['mysql', 'mysqld', 'mariadb'];
  const service = serviceCommands(found, names);
  if (service) {
    profile.serviceManager = service.manager;
    profile.mysqlServiceName = service.name;
    profile.mysqlServiceStart = service.start;
    profile.mysqlServiceStop = service.stop;
    profile.mysqlServiceRestart = service.restart;
  } else notes.push('No systemd unit or init script for MySQL found (mariadb, mysql, mysqld).');
  if (access.sudo === 'passwordless') {
    const bridge = found.bridges[0];
    if (bridge) profile.mysqlSocketBridge = bridge;
    else
      notes.push(
        `None of ${BRIDGES.join(', ')} is installed: a MySQL login over the socket through sudo is not possible; install socat or set a MySQL login.`,
      );
  }
  if (tree.unreadable.length)
    notes.push(
      `Unreadable option files (settings there are unknown): ${tree.unreadable.join(', ')}.`,
    );
  return { profile, notes };
}

/** HAProxy's config file and service commands, where it is installed. */
export function haproxyProfile(found: ServicesFound): Partial<ServerProfile> {
  if (!found.haproxy) return {};
  const service = serviceCommands(found, ['haproxy']);
  return {
    ...(found.haproxyConfig ? { haproxyConfigPath: found.haproxyConfig } : {}),
    ...(service
      ? { haproxyServiceReload: service.reload, haproxyServiceRestart: service.restart }
      : {}),
  };
}
