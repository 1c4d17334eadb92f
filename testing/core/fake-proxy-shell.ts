import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpsdeckError, type ErrorShape, type Host } from '../../src-main/contract';
import type { ExecResult } from '../../src-main/core/ssh/exec';
import type { ProxyShell } from '../../src-main/core/haproxy/proxy-shell';
import { testHost } from './test-host';

/** The lab proxy's config (testing/samples/haproxy), where the unit tests' proxy keeps it. */
export const CFG = '/etc/haproxy/haproxy.cfg';
export const labConfig = readFileSync(
  join(import.meta.dirname, '../samples/haproxy', 'lab-haproxy.cfg'),
  'utf8',
);
/** The proxy host: its config path and reload command from the profile (the fake's reload). */
export const fakeProxyHost = testHost('proxy1', {
  profile: { sudo: false, haproxyConfigPath: CFG, haproxyServiceReload: 'haproxy-service reload' },
});

/**
 * A proxy host's files and HAProxy as unit tests need them, behind the ProxyShell interface: the
 * config and its copies in a map, `haproxy -c` passing, the reload loading the config on disk
 * (or failing, for fault tests), `show stat` answered from the loaded config. Every write is kept.
 */
export function fakeProxyShell(o: {
  configPath: string;
  config: string;
  /** Called on each reload with its number (1 = first); throw to make that reload fail. */
  onReload?(n: number): void;
  /** `show stat` CSV for the loaded config and the number of this read (1 = first). */
  stats(loaded: string, n: number): string;
}) {
  const files = new Map([[o.configPath, o.config]]);
  const writes: string[] = [];
  let loaded = o.config;
  let reloads = 0;
  let statReads = 0;
  const ok = (stdout = '', code = 0): ExecResult => ({ code, stdout, stderr: '', durationMs: 1 });
  const fail = (host: Host, command: string, why: string) =>
    new OpsdeckError('SSH_COMMAND_FAILED', `"${command}" failed on ${host.name}: ${why}`, 'Retry.');
  const shell: ProxyShell = {
    read(_host, command, options) {
      if (command.includes('--8<-- opsdeck --8<--'))
        return Promise.resolve(
          ok(`version=HAProxy version 2.6.12\n--8<-- opsdeck --8<--\n${files.get(o.configPath)}`),
        );
      if (command.startsWith('haproxy -c')) return Promise.resolve(ok());
      const test = /^test -e '([^']+)'$/.exec(command);
      if (test) return Promise.resolve(ok('', files.has(test[1] ?? '') ? 0 : 1));
      if (command.includes('show stat')) return Promise.resolve(ok(o.stats(loaded, ++statReads)));
      throw new Error(`fake proxy: unexpected read ${command} ${JSON.stringify(options)}`);
    },
    write(host, command, options) {
      writes.push(command);
      const install = /^cp -p '([^']+)' '([^']+)' && cat > /.exec(command);
      if (install) {
        files.set(install[2] ?? '', files.get(install[1] ?? '') ?? '');
        files.set(o.configPath, options?.stdin ?? '');
        return Promise.resolve(ok());
      }
      const putBack = /^cp -p '([^']+)' '[^']+\.opsdeck-new' && mv -f /.exec(command);
      if (putBack) {
        files.set(o.configPath, files.get(putBack[1] ?? '') ?? '');
        return Promise.resolve(ok());
      }
      // Runtime API changes (set server …): accepted, they answer nothing.
      if (command.includes('set server')) return Promise.resolve(ok());
      if (command === 'haproxy-service reload') {
        try {
          reloads++;
          o.onReload?.(reloads);
        } catch (err) {
          return Promise.reject(fail(host, command, err instanceof Error ? err.message : ''));
        }
        loaded = files.get(o.configPath) ?? '';
        return Promise.resolve(ok());
      }
      throw new Error(`fake proxy: unexpected write ${command}`);
    },
  };
  return { shell, files, writes, reloads: () => reloads, statReads: () => statReads };
}

/** A `show stat` CSV with only the columns Opsdeck reads. */
export const statCsv = (rows: [section: string, server: string, status: string, check: string][]) =>
  ['# pxname,svname,status,check_status,type', ...rows.map((r) => `${r.join(',')},2`)].join('\n');

/** A first reload that fails as HAProxy does when it cannot bind; later ones pass. */
export const firstReloadFails = (n: number) => {
  if (n === 1) throw new Error('cannot bind socket [10.0.0.254:3310]');
};

/** What a call that must fail threw (the test fails when it succeeds). */
export const rejection = (p: Promise<unknown>): Promise<ErrorShape> =>
  p.then(
    () => {
      throw new Error('the call succeeded');
    },
    (e: ErrorShape) => e,
  );
