import { describe, expect, it } from 'vitest';
import { HostInput } from './hosts';
import { methods } from './methods';
import { ExecRunParams, TerminalOpenParams } from './ssh';

describe('SSH contract schemas', () => {
  it('exec.run needs exactly one of hostIds or group, with defaults for parallel and timeout', () => {
    expect(ExecRunParams.parse({ group: 'db', command: 'uptime' })).toEqual({
      group: 'db',
      command: 'uptime',
      parallel: 32,
      timeoutSec: 30,
    });
    expect(ExecRunParams.safeParse({ command: 'uptime' }).success).toBe(false);
    expect(
      ExecRunParams.safeParse({ group: 'db', hostIds: ['db1'], command: 'uptime' }).success,
    ).toBe(false);
    expect(ExecRunParams.safeParse({ group: 'db', command: '' }).success).toBe(false);
  });

  it('terminals.open bounds the PTY size; logging is opt-in', () => {
    expect(TerminalOpenParams.parse({ hostId: 'db1', cols: 80, rows: 24 }).logToFile).toBe(false);
    expect(TerminalOpenParams.safeParse({ hostId: 'db1', cols: 0, rows: 24 }).success).toBe(false);
  });

  it('files.write requires an explicit expectedEtag (null = must not exist)', () => {
    const params = methods['files.write'].params;
    expect(params.safeParse({ hostId: 'h', path: '/x', content: '' }).success).toBe(false);
    expect(
      params.safeParse({ hostId: 'h', path: '/x', content: '', expectedEtag: null }).success,
    ).toBe(true);
  });

  it('hosts accept a ProxyJump chain of names or user@host:port', () => {
    const base = { name: 'db2', address: '10.0.0.2' };
    expect(HostInput.parse({ ...base, proxyJump: 'bastion,admin@10.0.0.1:2222' }).proxyJump).toBe(
      'bastion,admin@10.0.0.1:2222',
    );
    expect(HostInput.safeParse({ ...base, proxyJump: 'a b' }).success).toBe(false);
    expect(HostInput.safeParse({ ...base, proxyJump: 'a;rm -rf /' }).success).toBe(false);
  });

  it('every SSH method names only declared event topics', async () => {
    const { events } = await import('./events');
    for (const [name, spec] of Object.entries(methods)) {
      if (!/^(terminals|exec|files|transfers)\./.test(name)) continue;
      for (const topic of spec.events) expect(Object.keys(events)).toContain(topic);
    }
  });
});
