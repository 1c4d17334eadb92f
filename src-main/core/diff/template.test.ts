import { describe, expect, it } from 'vitest';
import type { Host } from '../../contract';
import { testHost } from '../../../testing/core/test-host';
import { hostVariables, renderTemplate } from './template';

const db3: Host = {
  ...testHost('db3', { id: 'h3' }),
  address: '10.1.2.13',
  groups: ['db', 'eu'],
  tags: ['server_id=13', 'primary'],
  profile: { sudo: false, mysqlDataDir: '/data/mysql' },
  mysql: { port: 3306, user: 'root', via: 'ssh-tunnel', secretRef: 'vault:x' },
};

describe('renderTemplate', () => {
  it('fills name, address, tags, profile and mysql variables', () => {
    const t =
      '[mysqld]\nserver_id = {{ tag.server_id }}\nreport_host = {{name}}\nbind = {{ address }}\n' +
      'datadir = {{ profile.mysqlDataDir }}\nport = {{ mysql.port }}\n# {{ address_last }} {{ tag.primary }}\n';
    expect(renderTemplate(t, db3, 'my.cnf.tmpl')).toBe(
      '[mysqld]\nserver_id = 13\nreport_host = db3\nbind = 10.1.2.13\ndatadir = /data/mysql\nport = 3306\n# 13 true\n',
    );
  });

  it('uses defaults, and names every missing variable with what to do', () => {
    expect(
      renderTemplate(
        'x={{ tag.pool | default("128M") }} y={{ facts.cpus | default(2) }}',
        db3,
        't',
      ),
    ).toBe('x=128M y=2');
    expect(() => renderTemplate('{{ tag.rack }} {{ facts.os }}', db3, 'my.cnf.tmpl')).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAMS',
        message: expect.stringContaining('{{ tag.rack }}, {{ facts.os }}'),
        hint: expect.stringContaining('rack=<value>'),
      }),
    );
  });

  it('never exposes secrets (only the vault reference exists, and it is not a variable)', () => {
    expect(Object.values(hostVariables(db3))).not.toContain('vault:x');
  });
});
