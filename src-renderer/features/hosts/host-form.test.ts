import { describe, expect, it } from 'vitest';
import type { Host } from '../../../src-main/contract';
import {
  formFromHost,
  profileEdit,
  splitList,
  toPatch,
  validateHostForm,
  type HostFormValues,
} from './host-form';

const host: Host = {
  id: 'h1',
  name: 'db1',
  address: '10.0.0.5',
  port: 22,
  user: 'admin',
  auth: 'agent',
  groups: [],
  tags: [],
  profile: {
    sudo: true,
    mysqlConfigPath: '/etc/mysql/mariadb.conf.d/50-server.cnf',
    mysqlServiceRestart: 'systemctl restart mariadb',
  },
  profileMeta: {
    origins: { sudo: 'detected', mysqlConfigPath: 'detected', mysqlServiceRestart: 'user' },
    detected: {
      sudo: true,
      mysqlConfigPath: '/etc/mysql/mariadb.conf.d/50-server.cnf',
      mysqlServiceRestart: 'service mariadb restart',
    },
    notes: [],
  },
  notes: '',
  source: 'ssh-config',
  createdAt: '',
  updatedAt: '',
};

const base = (over: Partial<HostFormValues> = {}): HostFormValues => ({
  ...formFromHost(),
  name: 'db1',
  address: '10.0.0.5',
  ...over,
});

describe('host form', () => {
  it('turns valid text into a HostInput with defaults applied', () => {
    const r = validateHostForm(
      base({
        port: '',
        groups: 'db, prod, db',
        tags: ' mysql ',
        profile: { ...formFromHost().profile, sudo: 'yes', mysqlConfigPath: '/etc/my.cnf' },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input).toMatchObject({
      name: 'db1',
      port: 22,
      user: 'root',
      auth: 'agent',
      groups: ['db', 'prod'],
      tags: ['mysql'],
    });
    expect(r.input.profile).toEqual({ sudo: true, mysqlConfigPath: '/etc/my.cnf' });
    expect(r.input.password).toBeUndefined();
  });

  it('maps schema errors onto the fields', () => {
    const r = validateHostForm(
      base({
        name: '',
        address: 'bad address!',
        port: '70000',
        user: '',
        groups: 'ok, no spaces allowed',
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toBe('Required');
    expect(r.errors.address).toMatch(/hostname/);
    expect(r.errors.port).toBe('Must be 1–65535');
    expect(r.errors.user).toBe('Required');
    expect(r.errors.groups).toMatch(/^"no spaces allowed": /);
  });

  it('rejects a non-numeric port and requires a key path for key auth', () => {
    const r = validateHostForm(base({ port: '22a', auth: 'key', keyPath: ' ' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.port).toBeDefined();
      expect(r.errors.keyPath).toMatch(/required/);
    }
  });

  it('sends a password only for password auth, and only when typed', () => {
    const withPw = validateHostForm(base({ auth: 'password', password: 's3cret' }));
    expect(withPw.ok && withPw.input.password).toBe('s3cret');
    const agent = validateHostForm(base({ auth: 'agent', password: 's3cret' }));
    expect(agent.ok && agent.input.password).toBeUndefined();
  });

  it('builds an edit patch that keeps or clears the stored password', () => {
    const v = base({ auth: 'password', password: '', clearPassword: true });
    const r = validateHostForm(v);
    if (!r.ok) throw new Error('expected valid');
    expect(toPatch(r.input, v, host)).toMatchObject({ clearPassword: true });
    expect('password' in toPatch(r.input, v, host)).toBe(false);
    const keep = toPatch(r.input, { ...v, clearPassword: false }, host);
    expect('clearPassword' in keep).toBe(false);
  });

  it('splits comma lists', () => {
    expect(splitList(' a, b ,,a ,c')).toEqual(['a', 'b', 'c']);
    expect(splitList('')).toEqual([]);
  });

  it('shows only the user’s own profile values; detected ones stay empty (their placeholder)', () => {
    const v = formFromHost(host);
    expect(v.profile.mysqlServiceRestart).toBe('systemctl restart mariadb');
    expect(v.profile.mysqlConfigPath).toBe('');
    expect(v.profile.sudo).toBe('');
  });

  it('sends only profile values the user changed; an emptied value goes back to detected', () => {
    const v = formFromHost(host);
    expect(profileEdit(host, v)).toEqual({});
    expect(profileEdit(host, { ...v, profile: { ...v.profile, mysqlServiceRestart: '' } })).toEqual(
      {
        mysqlServiceRestart: null,
      },
    );
    expect(
      profileEdit(host, {
        ...v,
        profile: { ...v.profile, mysqlSocket: '/var/lib/mysql/mysql.sock', sudo: 'no' },
      }),
    ).toEqual({ mysqlSocket: '/var/lib/mysql/mysql.sock', sudo: false });
  });

  it('a proxy host’s HAProxy stats socket (the runtime API the traffic layer uses) is kept', () => {
    const v = formFromHost(host);
    const socket = '/run/haproxy/admin.sock';
    expect(
      profileEdit(host, { ...v, profile: { ...v.profile, haproxyStatsSocket: socket } }),
    ).toEqual({ haproxyStatsSocket: socket });
  });

  it('a profile value of the wrong kind is an error on its field', () => {
    const r = validateHostForm(base({ profile: { ...base().profile, serviceManager: 'upstart' } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.profile?.serviceManager).toBeTruthy();
  });

  it('the MySQL login: automatic sends none; a tunnel login is validated; back to automatic clears it', () => {
    const auto = validateHostForm(base());
    expect(auto.ok && auto.input.mysql).toBeUndefined();
    const tunnel = validateHostForm(
      base({
        mysql: {
          ...base().mysql,
          via: 'ssh-tunnel',
          user: 'opsdeck',
          password: 'pw',
          port: '3307',
        },
      }),
    );
    expect(tunnel.ok && tunnel.input.mysql).toMatchObject({
      via: 'ssh-tunnel',
      user: 'opsdeck',
      password: 'pw',
      port: 3307,
    });
    const badPort = validateHostForm(
      base({ mysql: { ...base().mysql, via: 'direct', port: '99999' } }),
    );
    expect(!badPort.ok && badPort.errors.mysql?.port).toBe('Must be 1–65535');
    const withLogin: Host = { ...host, mysql: { port: 3306, user: 'opsdeck', via: 'ssh-tunnel' } };
    const v = formFromHost(withLogin);
    const r = validateHostForm({ ...v, mysql: { ...v.mysql, via: 'auto' } });
    if (!r.ok) throw new Error('expected valid');
    expect(toPatch(r.input, { ...v, mysql: { ...v.mysql, via: 'auto' } }, withLogin)).toMatchObject(
      { clearMysql: true },
    );
  });

  it('ProxyJump: typed is sent (spaces after commas dropped), emptied clears it', () => {
    const bad = validateHostForm(base({ proxyJump: 'bastion host' }));
    expect(!bad.ok && bad.errors.proxyJump).toMatch(/host names or user@host:port/);
    const good = validateHostForm(base({ proxyJump: 'bastion, ops@10.0.0.1:2222' }));
    if (!good.ok) throw new Error('expected valid');
    expect(good.input.proxyJump).toBe('bastion,ops@10.0.0.1:2222');
    const cleared = validateHostForm(base({ proxyJump: '' }));
    if (!cleared.ok) throw new Error('expected valid');
    expect(toPatch(cleared.input, base(), host).proxyJump).toBe('');
  });
});
