import { describe, expect, it } from 'vitest';
import {
  accessProfile,
  haproxyProfile,
  parseAccess,
  parseServices,
  serverArgsOf,
  serviceCommands,
  type ServicesFound,
} from './detect-server';

const none: ServicesFound = {
  systemd: false,
  units: [],
  initScripts: [],
  hasServiceCommand: false,
  haproxy: false,
  bridges: [],
  serverArgs: [],
  sockets: [],
};

describe('detecting how a host runs its services', () => {
  it('reads the sections of the services script', () => {
    const found = parseServices(
      [
        '@@systemd',
        'yes',
        '@@units',
        'mariadb.service enabled enabled',
        'mysql.service alias -',
        '@@initd',
        '@@service',
        '/usr/sbin/service',
        '@@haproxy',
        '@@haproxy-config',
        '@@bridges',
        'python3',
        'perl',
        'nc',
        '@@server',
        '/usr/sbin/mariadbd',
        '--defaults-file=/etc/my.cnf',
        '--datadir=/data/mysql',
        '@@sockets',
        '/var/lib/mysql/mysql.sock',
      ].join('\n'),
    );
    expect(found).toEqual({
      systemd: true,
      units: ['mariadb.service', 'mysql.service'],
      initScripts: [],
      hasServiceCommand: true,
      haproxy: false,
      bridges: ['python3', 'perl'],
      serverArgs: ['/usr/sbin/mariadbd', '--defaults-file=/etc/my.cnf', '--datadir=/data/mysql'],
      sockets: ['/var/lib/mysql/mysql.sock'],
    });
    expect(serverArgsOf(found.serverArgs)).toEqual({
      defaultsFile: '/etc/my.cnf',
      extraFile: undefined,
      datadir: '/data/mysql',
      socket: undefined,
    });
  });

  it('systemd: systemctl with the unit that exists, in the flavor’s order of names', () => {
    const rhelMysql = { ...none, systemd: true, units: ['mysqld.service'] };
    expect(serviceCommands(rhelMysql, ['mysql', 'mysqld', 'mariadb'])).toMatchObject({
      manager: 'systemd',
      name: 'mysqld',
      restart: 'systemctl restart mysqld',
    });
  });

  it('SysV: `service` where it exists, else the init script; nothing when neither is there', () => {
    const debian = { ...none, initScripts: ['mariadb'], hasServiceCommand: true };
    expect(serviceCommands(debian, ['mariadb', 'mysql'])).toMatchObject({
      manager: 'sysv',
      restart: 'service mariadb restart',
    });
    expect(serviceCommands({ ...debian, hasServiceCommand: false }, ['mariadb'])?.restart).toBe(
      '/etc/init.d/mariadb restart',
    );
    expect(serviceCommands(none, ['mariadb'])).toBeUndefined();
    // systemctl installed but systemd not running (a container): the init script it is.
    expect(serviceCommands({ ...debian, units: ['mariadb.service'] }, ['mariadb'])?.manager).toBe(
      'sysv',
    );
  });

  it('HAProxy only where installed', () => {
    expect(haproxyProfile(none)).toEqual({});
    expect(
      haproxyProfile({
        ...none,
        haproxy: true,
        haproxyConfig: '/etc/haproxy/haproxy.cfg',
        systemd: true,
        units: ['haproxy.service'],
      }),
    ).toEqual({
      haproxyConfigPath: '/etc/haproxy/haproxy.cfg',
      haproxyServiceReload: 'systemctl reload haproxy',
      haproxyServiceRestart: 'systemctl restart haproxy',
    });
  });

  it('sudo: root needs none; a password-asking sudo is a note, not a guess', () => {
    expect(parseAccess('@@user\nadmin\n@@sudo\npassword\n')).toEqual({
      user: 'admin',
      sudo: 'password',
    });
    expect(accessProfile({ user: 'root', sudo: 'root' }, 'h')).toEqual({
      profile: { sudo: false },
      notes: [],
    });
    const p = accessProfile({ user: 'admin', sudo: 'password' }, 'h');
    expect(p.profile.sudo).toBe(true);
    expect(p.notes[0]).toMatch(/sudo asks admin for a password on h/);
  });
});
