import { describe, expect, it } from 'vitest';
import {
  formFromHost,
  splitList,
  toPatch,
  validateHostForm,
  type HostFormValues,
} from './host-form';

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
        sudo: true,
        mysqlConfigPath: '/etc/my.cnf',
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
    expect(toPatch(r.input, v)).toMatchObject({ clearPassword: true });
    expect('password' in toPatch(r.input, v)).toBe(false);
    const keep = toPatch(r.input, { ...v, clearPassword: false });
    expect('clearPassword' in keep).toBe(false);
  });

  it('splits comma lists', () => {
    expect(splitList(' a, b ,,a ,c')).toEqual(['a', 'b', 'c']);
    expect(splitList('')).toEqual([]);
  });

  it('keeps a proxy host’s HAProxy profile when the host is edited', () => {
    const host = {
      ...formFromHost(),
      name: 'proxy1',
      address: '10.0.0.254',
      haproxyConfigPath: '/etc/haproxy/haproxy.cfg',
      haproxyStatsSocket: '/run/haproxy/admin.sock',
      haproxyServiceReload: 'systemctl reload haproxy',
    };
    const r = validateHostForm(host);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.profile).toMatchObject({
      haproxyConfigPath: '/etc/haproxy/haproxy.cfg',
      haproxyStatsSocket: '/run/haproxy/admin.sock',
      haproxyServiceReload: 'systemctl reload haproxy',
    });
  });
});
