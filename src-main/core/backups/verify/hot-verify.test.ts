import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OpsdeckError, type Host } from '../../../contract';
import { hotPrepareCommand, majorMinor, readHotOutput, scratchNeedBytes } from './hot-prepare';
import { judgeHotFailure, preparedMessage } from './hot-verify';
import { runVerifyHost, verifyHostOf } from './verify-host';

const hosts: Record<string, Host> = Object.fromEntries(
  ['db1', 'db2', 'db3'].map((n) => [n, { id: `id-${n}`, name: n } as Host]),
);
const lookup = (ref: string): Host => {
  const h = hosts[ref] ?? Object.values(hosts).find((x) => x.id === ref);
  if (!h) throw new OpsdeckError('NOT_FOUND', `No host ${ref}.`, 'x');
  return h;
};
const entry = (destination: string, kind: 'hot' | 'dump' = 'hot') => ({
  id: 'b1',
  kind,
  hostId: 'id-db1',
  hostName: 'db1',
  destination,
});

describe('verifyHostOf', () => {
  it('a hot backup on a backup host over SSH is verified there by default', () => {
    expect(verifyHostOf(entry('ssh://db2/backups'), undefined, lookup)).toMatchObject({
      host: { name: 'db2' },
      onSource: false,
      why: 'the backup host of ssh://db2/backups',
    });
  });

  it('a named host wins; naming the source is allowed and marked', () => {
    expect(verifyHostOf(entry('ssh://db2/b'), 'db3', lookup)).toMatchObject({
      host: { name: 'db3' },
      onSource: false,
    });
    expect(verifyHostOf(entry('file:///b'), 'db1', lookup)).toMatchObject({
      host: { name: 'db1' },
      onSource: true,
    });
  });

  it('without a backup host (file://, s3://, its own source, an unknown host) a verify host is asked for', () => {
    for (const d of ['file:///b', 's3://bucket/p?account=a', 'ssh://db1/b', 'ssh://elsewhere/b'])
      expect(() => verifyHostOf(entry(d), undefined, lookup)).toThrow(
        expect.objectContaining({
          code: 'INVALID_PARAMS',
          message: expect.stringContaining('Backup b1 needs a verify host'),
          hint: expect.stringContaining('--on <host>'),
        }),
      );
  });

  it('a backup run with no verify host to be had takes the backup unverified and says so; a named host that is unknown still refuses', () => {
    for (const d of ['file:///b', 's3://bucket/p?account=a', 'ssh://db1/b'])
      expect(runVerifyHost(entry(d), undefined, lookup)).toEqual({
        unverified: expect.stringMatching(
          /^Not verified: Backup b1 needs a verify host.*not prepared\..*--verify-on <host>/,
        ),
      });
    expect(runVerifyHost(entry('ssh://db2/b'), undefined, lookup)).toMatchObject({
      host: { name: 'db2' },
    });
    expect(() => runVerifyHost(entry('file:///b'), 'nosuch', lookup)).toThrow();
  });

  it('a dump is still checked on its source', () => {
    expect(verifyHostOf(entry('file:///b', 'dump'), undefined, lookup)).toMatchObject({
      host: { name: 'db1' },
      onSource: true,
    });
  });
});

describe('the hot verify command', () => {
  const cmd = hotPrepareCommand({ tool: 'mariabackup', compression: 'zstd' }, '/tmp/.x', '10.11');

  it('is valid shell, removes its scratch folder on exit and on TERM, and prepares with the same tool', () => {
    execFileSync('bash', ['-n', '-c', cmd]);
    expect(cmd).toContain(`trap "rm -rf '/tmp/.x' '/tmp/.x.log'" EXIT`);
    expect(cmd).toContain("trap 'exit 143' TERM INT HUP");
    expect(cmd).toContain('zstd -q -dc | mbstream -x -C');
    expect(cmd).toContain("mariabackup --prepare --target-dir='/tmp/.x'");
    expect(cmd).toContain("grep -q 'completed OK!'");
    expect(cmd).toContain('10.11.*)');
    expect(
      hotPrepareCommand({ tool: 'xtrabackup', compression: 'none' }, '/tmp/.x', undefined),
    ).toMatch(/cat \| xbstream -x .*xtrabackup --prepare/);
  });

  it('runs its stages in order: a stream that does not unpack stops before the prepare', () => {
    // Plain bash with stand-ins on PATH: mbstream fails as on a damaged stream.
    const bin = execFileSync('mktemp', ['-d']).toString().trim();
    try {
      execFileSync('sh', [
        '-c',
        `printf '#!/bin/sh\\necho "xb_stream_read_chunk(): my_read() failed." >&2; exit 1\\n' > ${bin}/mbstream; chmod +x ${bin}/mbstream`,
      ]);
      const c = hotPrepareCommand(
        { tool: 'mariabackup', compression: 'none' },
        `${bin}/s`,
        '10.11',
      );
      let out = '';
      try {
        execFileSync('bash', ['-c', c], {
          input: 'junk',
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
      } catch (err) {
        out = String((err as { stdout: Buffer }).stdout);
        expect((err as { status: number }).status).toBe(2);
      }
      expect(readHotOutput(out)).toEqual({ stage: 'unpack' });
      expect(execFileSync('ls', ['-A', bin]).toString().trim()).toBe('mbstream');
    } finally {
      execFileSync('rm', ['-rf', bin]);
    }
  });

  it('a cancel (TERM to its processes, as a stopped stream sends) removes the scratch folder', async () => {
    const bin = execFileSync('mktemp', ['-d']).toString().trim();
    try {
      // mbstream stands in: it writes into the scratch folder, then hangs as a long unpack does.
      execFileSync('sh', [
        '-c',
        `printf '#!/bin/sh\ntouch "$3/ibdata1"; exec sleep 30\n' > ${bin}/mbstream; chmod +x ${bin}/mbstream`,
      ]);
      const scratch = `${bin}/s`;
      const c = hotPrepareCommand({ tool: 'mariabackup', compression: 'none' }, scratch, '10.11');
      const { spawn } = await import('node:child_process');
      const p = spawn('bash', ['-c', c], {
        detached: true,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      const exited = new Promise((resolve) => p.once('exit', resolve));
      for (let i = 0; i < 100 && !existsSync(`${scratch}/ibdata1`); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(existsSync(`${scratch}/ibdata1`)).toBe(true);
      process.kill(-p.pid!, 'SIGTERM');
      await exited;
      expect(existsSync(scratch)).toBe(false);
    } finally {
      execFileSync('rm', ['-rf', bin]);
    }
  });

  it('reads versions, stages and the prepare time', () => {
    expect(
      majorMinor('mariabackup based on MariaDB server 10.11.19-MariaDB debian-linux-gnu'),
    ).toBe('10.11');
    expect(majorMinor('xtrabackup version 8.0.35-30 based on MySQL server 8.0.35')).toBe('8.0');
    expect(majorMinor('bash: mariabackup: command not found')).toBeUndefined();
    const out =
      '@@opsdeck-stage unpack\n@@opsdeck-stage version\n@@opsdeck-stage prepare\n@@opsdeck-prepared 4\n';
    expect(readHotOutput(out)).toEqual({ stage: 'prepare', preparedSec: 4 });
    expect(preparedMessage(out, hosts.db2!)).toBe(
      'prepared on db2 in 4 s (--prepare completed OK!)',
    );
    expect(preparedMessage('@@opsdeck-stage prepare\n', hosts.db2!)).toBeUndefined();
    expect(scratchNeedBytes({ bytes: 100 << 20, compression: 'zstd' })).toBe(464 << 20);
    expect(scratchNeedBytes({ bytes: 100 << 20, compression: 'none' })).toBe(164 << 20);
  });

  it('a version mismatch or a full disk is a refusal (the backup not judged); a failed unpack or prepare is not', () => {
    const e = { id: 'b1', tool: 'mariabackup' };
    const versionOut = '@@opsdeck-stage unpack\n@@opsdeck-stage version\n';
    expect(
      judgeHotFailure(
        e,
        hosts.db2!,
        versionOut,
        'exited with 4: version mismatch: the backup was taken by mariabackup 10.6.21-MariaDB; this host has mariabackup 10.11\n',
      ),
    ).toMatchObject({
      code: 'INVALID_PARAMS',
      message: expect.stringContaining(
        'cannot be prepared on db2: the backup was taken by mariabackup 10.6.21-MariaDB; this host has mariabackup 10.11',
      ),
    });
    expect(
      judgeHotFailure(
        e,
        hosts.db2!,
        '@@opsdeck-stage unpack\n',
        'mbstream: No space left on device',
      ),
    ).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect(
      judgeHotFailure(e, hosts.db2!, '@@opsdeck-stage prepare\n', '[ERROR] InnoDB: missing'),
    ).toBeUndefined();
  });
});
