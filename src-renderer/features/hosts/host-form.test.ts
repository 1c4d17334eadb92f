import { describe, expect, it } from 'vitest';
import type { Host } from '../../../src-main/contract';
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
});

describe('config check rules in the profile', () => {
  it('parses one rule a line and shows them back the same way', () => {
    const text =
      '/etc/haproxy/*.cfg | haproxy -c -f {file} | systemctl reload haproxy\n\n/etc/nginx/** | | nginx -s reload';
    const r = validateHostForm(base({ configChecks: text }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.profile.configChecks).toEqual([
      {
        path: '/etc/haproxy/*.cfg',
        validate: 'haproxy -c -f {file}',
        reload: 'systemctl reload haproxy',
      },
      { path: '/etc/nginx/**', reload: 'nginx -s reload' },
    ]);
    const host: Host = {
      ...{ id: 'h1', name: 'db1', address: 'x', port: 22, user: 'root', auth: 'agent' },
      ...{ groups: [], tags: [], notes: '', source: 'manual', createdAt: '', updatedAt: '' },
      profile: r.input.profile,
    };
    const back = formFromHost(host).configChecks;
    expect(back).toBe(
      '/etc/haproxy/*.cfg | haproxy -c -f {file} | systemctl reload haproxy\n/etc/nginx/** |  | nginx -s reload',
    );
  });

  it('says which line is wrong', () => {
    const r = validateHostForm(base({ configChecks: '/etc/x.cfg | check-it' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.configChecks).toMatch(/^Line 1: Use \{file\}/);
  });
});
