import { describe, expect, it } from 'vitest';
import { locationOf, nameIn, parseDestination } from './url';

describe('destination URLs', () => {
  it('parses the three kinds', () => {
    expect(parseDestination('file:///var/backups/mysql/')).toEqual({
      kind: 'file',
      url: 'file:///var/backups/mysql/',
      path: '/var/backups/mysql',
    });
    expect(parseDestination('ssh://backup1/srv/mysql')).toMatchObject({
      kind: 'ssh',
      host: 'backup1',
      path: '/srv/mysql',
    });
    expect(
      parseDestination(
        's3://acme-db-backups/prod/mysql?account=prod&sse=aws:kms&kms=alias/backups&endpoint=http://127.0.0.1:4568',
      ),
    ).toMatchObject({
      kind: 's3',
      bucket: 'acme-db-backups',
      prefix: 'prod/mysql',
      account: 'prod',
      sse: 'aws:kms',
      kmsKeyId: 'alias/backups',
      endpoint: 'http://127.0.0.1:4568',
    });
  });

  it('refuses what would write somewhere unexpected, with the formats in the hint', () => {
    for (const bad of [
      'file://host/x',
      'file:///',
      'file:///var/../etc',
      'ssh:///srv',
      's3://b/p',
      's3://UPPER/p?account=a',
      's3://bucket/p?account=a&sse=des',
      'ftp://x/y',
      'nonsense',
    ]) {
      expect(() => parseDestination(bad), bad).toThrowError(
        expect.objectContaining({ code: 'INVALID_PARAMS', hint: expect.stringContaining('s3://') }),
      );
    }
  });

  it('names stored files by URL and back', () => {
    const s3 = parseDestination('s3://bucket-1/a/b?account=x');
    expect(locationOf(s3, 'db1/x.sql.zst')).toBe('s3://bucket-1/a/b/db1/x.sql.zst');
    expect(nameIn(s3, 's3://bucket-1/a/b/db1/x.sql.zst')).toBe('db1/x.sql.zst');
    const ssh = parseDestination('ssh://b1/srv/backups');
    expect(locationOf(ssh, 'db1/y')).toBe('ssh://b1/srv/backups/db1/y');
    expect(() => nameIn(ssh, 'ssh://b2/srv/backups/db1/y')).toThrow(/not in destination/);
  });
});
