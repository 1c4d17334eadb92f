import { describe, expect, it } from 'vitest';
import { MASK, Redactor } from './redact';

describe('redaction', () => {
  it('masks registered secret values wherever they appear', () => {
    const r = new Redactor();
    r.add('hunter2-long');
    expect(r.text('echo hunter2-long | sudo -S true')).toBe(`echo ${MASK} | sudo -S true`);
  });

  it('masks passwords in SQL and on command lines even when not registered', () => {
    const r = new Redactor();
    expect(r.text("CREATE USER 'repl'@'10.0.0.2' IDENTIFIED BY 's3cr3t'")).toContain(
      `IDENTIFIED BY '${MASK}'`,
    );
    expect(r.text("CHANGE MASTER TO MASTER_PASSWORD='abc', MASTER_HOST='db1'")).toBe(
      `CHANGE MASTER TO MASTER_PASSWORD='${MASK}', MASTER_HOST='db1'`,
    );
    expect(r.text('mysql -uroot -ptopsecret -e status')).toBe(`mysql -uroot -p${MASK} -e status`);
    expect(r.text('mysqldump --password=topsecret db')).toBe(`mysqldump --password=${MASK} db`);
  });

  it('masks private key blocks', () => {
    const r = new Redactor();
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----';
    expect(r.text(`key: ${key}`)).not.toContain('b3BlbnNzaC1rZXk');
  });

  it('masks secret-named fields in objects, deeply', () => {
    const r = new Redactor();
    expect(
      r.value({ host: 'db1', mysql: { password: 'x', user: 'root' }, list: [{ token: 't' }] }),
    ).toEqual({
      host: 'db1',
      mysql: { password: MASK, user: 'root' },
      list: [{ token: MASK }],
    });
  });
});

describe('redaction does not mask what is not a secret', () => {
  it('leaves -p of other tools alone', () => {
    const r = new Redactor();
    expect(r.text('mkdir -p /var/lib/mysql && ssh -p2222 db1')).toBe(
      'mkdir -p /var/lib/mysql && ssh -p2222 db1',
    );
  });
});
