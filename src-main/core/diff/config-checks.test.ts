import { describe, expect, it } from 'vitest';
import type { Host } from '../../contract';
import { testHost } from '../../../testing/core/test-host';
import { configChecksFor, matchesGlob } from './config-checks';

const host = (profile: Partial<Host['profile']> = {}): Host => ({
  ...testHost('db1'),
  profile: { sudo: false, ...profile },
});

describe('matchesGlob', () => {
  it('matches * within a name and ** across folders', () => {
    expect(matchesGlob('/etc/nginx/**', '/etc/nginx/sites-enabled/default')).toBe(true);
    expect(matchesGlob('/etc/nginx/*', '/etc/nginx/sites-enabled/default')).toBe(false);
    expect(matchesGlob('/etc/haproxy/*.cfg', '/etc/haproxy/haproxy.cfg')).toBe(true);
    expect(matchesGlob('/etc/my.cnf', '/etc/my.cnf')).toBe(true);
    expect(matchesGlob('/etc/my.cnf', '/etc/myXcnf')).toBe(false);
  });
});

describe('configChecksFor', () => {
  it('validates MariaDB and old MySQL option files with --help --verbose', () => {
    const c = configChecksFor(
      host({ mysqlFlavor: 'mariadb', mysqlVersion: '10.11.6' }),
      '/etc/mysql/my.cnf',
    );
    expect(c.kind).toBe('mysql');
    expect(c.validate?.command).toContain('--defaults-file={file} --help --verbose');
    expect(c.reload).toBeUndefined();
    expect(
      configChecksFor(host({ mysqlFlavor: 'mysql', mysqlVersion: '5.7.44' }), '/etc/my.cnf')
        .validate?.command,
    ).toContain('--help --verbose');
  });

  it('uses mysqld --validate-config where the version has it (MySQL 8.0.16+)', () => {
    const c = configChecksFor(
      host({ mysqlFlavor: 'mysql', mysqlVersion: '8.0.36' }),
      '/etc/mysql/my.cnf',
    );
    expect(c.validate?.command).toBe(
      'mysqld --defaults-file={file} --validate-config --user=mysql',
    );
  });

  it('offers the profile’s MySQL restart as the reload', () => {
    const c = configChecksFor(
      host({ mysqlServiceRestart: 'systemctl restart mariadb' }),
      '/etc/mysql/my.cnf',
    );
    expect(c.reload).toMatchObject({ command: 'systemctl restart mariadb', from: 'profile' });
  });

  it('knows haproxy, nginx.conf, sshd_config and shell files; says why others have none', () => {
    expect(configChecksFor(host(), '/etc/haproxy/haproxy.cfg').validate?.command).toBe(
      'haproxy -c -f {file}',
    );
    expect(configChecksFor(host(), '/etc/nginx/nginx.conf').validate?.command).toBe(
      'nginx -t -c {file}',
    );
    expect(configChecksFor(host(), '/etc/nginx/sites-enabled/default')).toMatchObject({
      kind: 'nginx',
      note: expect.stringContaining('profile'),
    });
    expect(configChecksFor(host(), '/etc/ssh/sshd_config').validate?.command).toBe(
      'sshd -t -f {file}',
    );
    expect(configChecksFor(host(), '/etc/default/grub').validate?.command).toBe('sh -n {file}');
    expect(configChecksFor(host(), '/etc/hosts').validate).toBeUndefined();
  });

  it('lets the first matching profile rule replace the defaults', () => {
    const h = host({
      configChecks: [
        { path: '/etc/haproxy/*.cfg', reload: 'systemctl reload haproxy' },
        {
          path: '/etc/nginx/**',
          validate: 'nginx -t -q -c /etc/nginx/nginx.conf # {file}',
          reload: 'nginx -s reload',
        },
      ],
    });
    expect(configChecksFor(h, '/etc/haproxy/haproxy.cfg')).toMatchObject({
      validate: { command: 'haproxy -c -f {file}', from: 'default' },
      reload: { command: 'systemctl reload haproxy', from: 'profile' },
    });
    expect(configChecksFor(h, '/etc/nginx/conf.d/x.conf')).toMatchObject({
      validate: { from: 'profile' },
      reload: { command: 'nginx -s reload' },
    });
  });
});
