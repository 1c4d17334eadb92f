import { describe, expect, it } from 'vitest';
import { MASK, Redactor } from '../redact';
import { StreamRedactor, commandSecrets, redactWhole, secretsMasked } from './stream-redactor';

const redactor = new Redactor();
const redact = (t: string) => redactor.text(t);

/** Feed chunks, collect what is released, then end. */
function stream(
  chunks: string[],
  r = new StreamRedactor(redact),
): { parts: string[]; all: string } {
  const parts = chunks.map((c) => r.push(c));
  parts.push(r.end());
  return { parts, all: parts.join('') };
}

/** Every way of cutting `text` into two chunks. */
function everySplit(text: string): [string, string][] {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDx3mJtYjLq0vV9hM0Yw3Zl3V1x7r0kV0fq7mK1w8xWbQAAAJgAAAAA',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');

describe('StreamRedactor', () => {
  it('masks a secret whatever the chunk boundary', () => {
    const text = 'connecting\nmysql -u root -phunter22 -e "select 1"\nok --password=s3cr3t!x\n';
    for (const chunks of everySplit(text)) {
      const { all } = stream(chunks);
      expect(all).toBe(redact(text));
      expect(all).not.toContain('hunter22');
      expect(all).not.toContain('s3cr3t');
    }
  });

  it('masks a secret cut into many one-character chunks', () => {
    const text = 'export MYSQL_PWD=correct-horse\n';
    const { all } = stream([...text]);
    expect(all).toBe(`export MYSQL_PWD=${MASK}\n`);
  });

  it('releases complete lines at once and holds a partial line until its end', () => {
    const r = new StreamRedactor(redact);
    expect(r.push('one\ntw')).toBe('one\n');
    expect(r.push('o')).toBe('');
    expect(r.push('\rthree')).toBe('two\r');
    expect(r.end()).toBe('three');
  });

  it('releases a very long line without a newline (liveness)', () => {
    const r = new StreamRedactor(redact);
    const long = 'x'.repeat(70 * 1024);
    expect(r.push(long)).toBe(long);
    expect(r.end()).toBe('');
  });

  it('holds a private key block until its END line and masks it, across chunks', () => {
    const text = `before\n${KEY}\nafter\n`;
    for (const chunks of everySplit(text)) {
      const { all } = stream(chunks);
      expect(all).toBe(`before\n[private key ${MASK}]\nafter\n`);
    }
    const r = new StreamRedactor(redact);
    expect(r.push(`before\n${KEY.split('\n').slice(0, 2).join('\n')}\n`)).toBe('before\n');
    expect(r.push(`${KEY.split('\n').slice(2).join('\n')}\n`)).toBe(`[private key ${MASK}]\n`);
  });

  it('masks a private key block that never ends (command killed, output cut)', () => {
    const cut = `ok\n${KEY.slice(0, 120)}`;
    expect(stream([cut]).all).toBe(`ok\n[private key ${MASK}]`);
    expect(stream([`${cut}\n`]).all).toBe(`ok\n[private key ${MASK}]`);
  });

  it('masks a huge key block (only its tail is kept) and goes on after its END', () => {
    const body = `${'A'.repeat(70)}\n`.repeat(30_000); // ~2 MiB
    const chunks = [
      `x\n-----BEGIN RSA PRIVATE KEY-----\n`,
      body,
      '-----END RSA ',
      'PRIVATE KEY----- y\nz\n',
    ];
    expect(stream(chunks).all).toBe(`x\n[private key ${MASK}] y\nz\n`);
  });

  it('stays linear: a BEGIN marker followed by megabytes without END', () => {
    const r = new StreamRedactor(redact);
    const started = performance.now();
    let out = r.push('-----BEGIN PRIVATE KEY-----\n');
    const chunk = `${'b'.repeat(99)}\n`.repeat(320); // 32 KiB
    for (let i = 0; i < 500; i++) out += r.push(chunk); // 16 MiB
    out += r.end();
    expect(out).toBe(`[private key ${MASK}]`);
    // A long line arriving one character at a time (progress dots) is not rescanned each time.
    const dots = new StreamRedactor(redact);
    let shown = '';
    for (let i = 0; i < 60_000; i++) shown += dots.push('.');
    shown += dots.push('\n') + dots.end();
    expect(shown).toBe(`${'.'.repeat(60_000)}\n`);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('passes text without secrets through unchanged', () => {
    const text = 'load average: 0.01, 0.02\r\nünïcödé ✓\n';
    expect(stream(everySplit(text)[7] as string[]).all).toBe(text);
  });
});

describe('redactWhole', () => {
  it('is the Redactor plus unterminated key blocks', () => {
    expect(redactWhole('a --password=xyz1 b', redact)).toBe(`a --password=${MASK} b`);
    expect(redactWhole(`x\n${KEY}\ny`, redact)).toBe(`x\n[private key ${MASK}]\ny`);
    expect(redactWhole(`x\n${KEY.slice(0, 80)}`, redact)).toBe(`x\n[private key ${MASK}]`);
  });
});

describe('commandSecrets', () => {
  it('finds the values the patterns mask in a command', () => {
    expect(commandSecrets('mysql -uroot -phunter22 -e "show databases"', redact)).toEqual([
      'hunter22',
    ]);
    expect(
      commandSecrets('MYSQL_PWD=abcd1234 mysqladmin status; tool --password=zz99zz', redact),
    ).toEqual(['abcd1234', 'zz99zz']);
    expect(commandSecrets(`mariadb -e "CREATE USER x IDENTIFIED BY 'p4ss w0rd'"`, redact)).toEqual([
      'p4ss w0rd',
    ]);
    expect(commandSecrets('uptime', redact)).toEqual([]);
  });

  it('lets a run mask a secret its command echoes without any pattern around it', () => {
    const command = 'set -x; mysql -phunter22 -e "select 1"';
    const local = new Redactor();
    for (const s of commandSecrets(command, redact)) local.add(s);
    const echoed = new StreamRedactor((t) => redact(local.text(t)));
    const out = echoed.push('+ mysql -phun') + echoed.push('ter22 -e "select 1"\nhunter22\n');
    expect(out).not.toContain('hunter22');
  });

  it('gives up quietly when the masked text cannot be aligned', () => {
    expect(secretsMasked('abc', `zz${MASK}`)).toEqual([]);
    expect(secretsMasked('abc', 'abc')).toEqual([]);
  });
});
