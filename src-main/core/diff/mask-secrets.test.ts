import { describe, expect, it } from 'vitest';
import { MASK, Redactor } from '../redact';
import { maskConfigSecrets } from './mask-secrets';

describe('maskConfigSecrets', () => {
  it('masks values of secret settings in files and diffs, keeps the rest', () => {
    const diff = [
      '--- db1:/etc/mysql/debian.cnf',
      '@@ -1,4 +1,4 @@',
      ' [client]',
      '-password = old-Secret1',
      '+password=new-Secret2',
      ' user     = debian-sys-maint',
      '+  stats auth admin:hunter22',
      '+user ops insecure-password s3cret',
      '+repl_token: abc123def',
      ' max_connections = 500',
      '+# password = commented-Secret3',
    ].join('\n');
    const out = maskConfigSecrets(diff, new Redactor());
    expect(out).not.toMatch(/Secret1|Secret2|Secret3|hunter22|s3cret|abc123def/);
    expect(out).toContain(`-password = ${MASK}`);
    expect(out).toContain(`+password=${MASK}`);
    expect(out).toContain(`stats auth admin:${MASK}`);
    expect(out).toContain(' max_connections = 500');
    expect(out).toContain(' user     = debian-sys-maint');
  });
});
