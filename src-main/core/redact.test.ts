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

  it('masks whole SQL literals, doubled quotes and double-quoted strings included (issue 12 #4)', () => {
    const r = new Redactor();
    const out = r.text("CREATE USER 'u'@'%' IDENTIFIED BY 'it''s-a-secret-tail'; SELECT 1");
    expect(out).toBe(`CREATE USER 'u'@'%' IDENTIFIED BY '${MASK}'; SELECT 1`);
    expect(r.text('ALTER USER u IDENTIFIED BY "dq""secret-tail"')).toBe(
      `ALTER USER u IDENTIFIED BY '${MASK}'`,
    );
    expect(r.text("CHANGE MASTER TO MASTER_PASSWORD='a''b-secret-tail', MASTER_PORT=3306")).toBe(
      `CHANGE MASTER TO MASTER_PASSWORD='${MASK}', MASTER_PORT=3306`,
    );
    expect(r.text("SET PASSWORD = PASSWORD('x''y-secret-tail')")).not.toContain('secret-tail');
  });

  it('masks --password VALUE, PGPASSWORD=, *_PASSWORD / *_TOKEN env, curl -u, URL userinfo, sshpass -p (issue 12 #4)', () => {
    const r = new Redactor();
    const cases: [string, string][] = [
      ['mysqladmin --password hunter22 status', `mysqladmin --password ${MASK} status`],
      ["tool --password 'two words' -v", `tool --password ${MASK} -v`],
      ['PGPASSWORD=pgsecret psql -h db1', `PGPASSWORD=${MASK} psql -h db1`],
      ["export OPSDECK_VAULT_PASSPHRASE='vault pass'", `export OPSDECK_VAULT_PASSPHRASE=${MASK}`],
      [
        'GITHUB_TOKEN=ghp_x1 AWS_SECRET_ACCESS_KEY=abc/def ./go',
        `GITHUB_TOKEN=${MASK} AWS_SECRET_ACCESS_KEY=${MASK} ./go`,
      ],
      ['curl -u admin:curlpass https://x/api', `curl -u admin:${MASK} https://x/api`],
      ["curl -s --user 'admin:two words' x", `curl -s --user admin:${MASK} x`],
      ['curl -uadmin:p4ss x', `curl -uadmin:${MASK} x`],
      [
        'git clone https://bob:tok3n@github.com/x.git',
        `git clone https://bob:${MASK}@github.com/x.git`,
      ],
      ['sshpass -p sshsecret ssh db1', `sshpass -p ${MASK} ssh db1`],
      ["sshpass -p'quoted pass' ssh db1", `sshpass -p${MASK} ssh db1`],
    ];
    for (const [input, expected] of cases) expect(r.text(input), input).toBe(expected);
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
  it('leaves PWD, --password-file, curl -u without a password and -u of other tools alone', () => {
    const r = new Redactor();
    for (const text of [
      'PWD=/home/ops cd x',
      'xtrabackup --password-file=/etc/x.cnf',
      'curl -u admin https://x',
      'mysql -uroot -e status',
      'https://github.com/x.git',
    ])
      expect(r.text(text)).toBe(text);
  });

  it('leaves -p of other tools alone', () => {
    const r = new Redactor();
    expect(r.text('mkdir -p /var/lib/mysql && ssh -p2222 db1')).toBe(
      'mkdir -p /var/lib/mysql && ssh -p2222 db1',
    );
  });
});
