import { describe, expect, it } from 'vitest';
import { ProfileSet, type Host } from '../../contract';
import { parseProfileSets } from './hosts-profile-sets';
import { renderProfile } from './profile-render';

describe('opsdeck hosts profile --set', () => {
  it('takes one config check rule per --set configChecks=…, checked like the form’s', () => {
    const set = parseProfileSets([
      'configChecks=/etc/haproxy/*.cfg | haproxy -c -f {file} | systemctl reload haproxy',
      'configChecks=/etc/nginx/** | | nginx -s reload',
      'sudo=yes',
    ]);
    expect(set).toEqual({
      configChecks: [
        {
          path: '/etc/haproxy/*.cfg',
          validate: 'haproxy -c -f {file}',
          reload: 'systemctl reload haproxy',
        },
        { path: '/etc/nginx/**', reload: 'nginx -s reload' },
      ],
      sudo: true,
    });
    expect(ProfileSet.safeParse(set).success).toBe(true);
    expect(parseProfileSets(['configChecks='])).toEqual({ configChecks: null });
    const bad = ProfileSet.safeParse(parseProfileSets(['configChecks=/etc/x.cfg | check-it']));
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['configChecks', 0, 'validate'],
      message: expect.stringMatching(/^Use \{file\}/),
    });
  });

  it('shows the rules as lines, marked yours', () => {
    const host: Host = {
      ...{ id: 'h1', name: 'db1', address: '10.0.0.5', port: 22, user: 'root', auth: 'agent' },
      ...{ groups: [], tags: [], notes: '', source: 'manual', createdAt: '', updatedAt: '' },
      profile: {
        sudo: false,
        configChecks: [{ path: '/etc/nginx/**', reload: 'nginx -s reload' }],
      },
      profileMeta: { origins: { configChecks: 'user' }, detected: {}, notes: [] },
    };
    const row = renderProfile(host)
      .split('\n')
      .find((line) => line.startsWith('configChecks'));
    expect(row?.split(/\s{2,}(?!\|)/)).toEqual([
      'configChecks',
      '/etc/nginx/** |  | nginx -s reload',
      'yours',
    ]);
  });
});
