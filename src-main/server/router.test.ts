import { describe, expect, it, vi } from 'vitest';
import { methods, OpsdeckError } from '../contract';
import { methodTableLoaders } from '../contract/method-loaders';
import type { MethodTableName } from '../contract/methods';
import { createRouter, type Handlers } from './router';

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const fail = () => {
    throw new Error('not used in this test');
  };
  const all = Object.fromEntries(Object.keys(methods).map((m) => [m, fail])) as unknown as Handlers;
  return { ...all, ...overrides };
}

describe('contract router', () => {
  it('refuses a method that is not in the contract', async () => {
    const router = createRouter(handlersWith({}));
    const r = await router.call('hosts.dropAll', {}, { door: 'web' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('validates params with the method schema before the handler runs', async () => {
    let ran = false;
    const router = createRouter(
      handlersWith({
        'hosts.add': () => {
          ran = true;
          throw new Error('must not run');
        },
      }),
    );
    const r = await router.call(
      'hosts.add',
      { name: 'bad name!', address: '10.0.0.1' },
      { door: 'web' },
    );
    expect(ran).toBe(false);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    if (!r.ok) expect(r.error.message).toContain('name');
  });

  it('names the threshold and what to type when a check threshold is not a number (web JSON turns NaN into null)', async () => {
    const router = createRouter(handlersWith({}));
    const base = { name: 'Load', hosts: ['db1'], series: 'load.1' };
    for (const [params, field, message] of [
      [{ ...base, warning: null }, 'warning', 'Warning threshold must be a number, e.g. 80'],
      [{ ...base, critical: 'high' }, 'critical', 'Critical threshold must be a number, e.g. 90'],
    ] as const) {
      const r = await router.call('checks.create', params, { door: 'web' });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'INVALID_PARAMS', message: `checks.create: ${field}: ${message}` },
      });
    }
    const patch = await router.call(
      'checks.update',
      { check: 'c1', patch: { warning: Number.NaN } },
      { door: 'cli' },
    );
    expect(patch).toMatchObject({
      ok: false,
      error: {
        message: 'checks.update: patch.warning: Warning threshold must be a number, e.g. 80',
      },
    });
  });

  it('passes OpsdeckError code, message and hint through unchanged', async () => {
    const router = createRouter(
      handlersWith({
        'hosts.get': () => {
          throw new OpsdeckError('NOT_FOUND', 'No host "x".', 'Add it first.');
        },
      }),
    );
    expect(await router.call('hosts.get', { id: 'x' }, { door: 'cli' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No host "x".', hint: 'Add it first.' },
    });
  });

  it('reports unexpected exceptions as INTERNAL without a stack trace', async () => {
    const router = createRouter(
      handlersWith({
        'audit.list': () => {
          throw new TypeError('boom');
        },
      }),
    );
    const r = await router.call('audit.list', {}, { door: 'cli' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).not.toContain('at ');
  });

  it('strips result fields the contract does not declare', async () => {
    const router = createRouter(
      handlersWith({
        'vault.status': () =>
          ({
            adapter: 'passphrase-file',
            unlocked: true,
            initialized: true,
            key: 'secret',
          }) as never,
      }),
    );
    const r = await router.call('vault.status', {}, { door: 'web' });
    expect(r).toEqual({
      ok: true,
      value: { adapter: 'passphrase-file', unlocked: true, initialized: true },
    });
  });

  it('gives the handler the door that called', async () => {
    const router = createRouter(
      handlersWith({ 'workflows.start': (_p, call) => ({ runId: call.door }) }),
    );
    expect(
      await router.call(
        'workflows.start',
        { workflow: 'collect-facts', params: { hostIds: ['db1'] } },
        { door: 'electron' },
      ),
    ).toEqual({
      ok: true,
      value: { runId: 'electron' },
    });
  });

  it("calls only the called method's table loader, and validates as strictly", async () => {
    const tables = Object.keys(methodTableLoaders) as MethodTableName[];
    const spies = tables.map((t) => [t, vi.spyOn(methodTableLoaders, t)] as const);
    try {
      const router = createRouter(handlersWith({ 'hosts.list': () => [] }));
      expect(await router.call('hosts.list', {}, { door: 'cli' })).toEqual({ ok: true, value: [] });
      const bad = await router.call('hosts.list', { query: 'x', extra: 1 }, { door: 'cli' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
      await router.call('nope.nothing', {}, { door: 'cli' });
      const loaded = spies.filter(([, spy]) => spy.mock.calls.length > 0).map(([t]) => t);
      expect(loaded).toEqual(['hosts']);
    } finally {
      for (const [, spy] of spies) spy.mockRestore();
    }
  });

  it('answers an error, never a rejection, when a method table fails to load', async () => {
    const spy = vi
      .spyOn(methodTableLoaders, 'hosts')
      .mockRejectedValue(new Error('table module threw while loading'));
    try {
      const router = createRouter(handlersWith({ 'hosts.list': () => [] }));
      const r = await router.call('hosts.list', {}, { door: 'web' });
      expect(r).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/table module threw/) },
      });
    } finally {
      spy.mockRestore();
    }
  });

  it('a jitless router validates params and results exactly as strictly', async () => {
    const handlers = handlersWith({
      'hosts.add': () => {
        throw new Error('must not run');
      },
      'hosts.list': () => [],
    });
    const bad = { name: 'bad name!', address: '10.0.0.1', extra: true };
    const answers = await Promise.all(
      [createRouter(handlers), createRouter(handlers, { jitless: true })].map((router) =>
        Promise.all([
          router.call('hosts.add', bad, { door: 'cli' }),
          router.call('hosts.list', { tag: 'x'.repeat(65) }, { door: 'cli' }),
          router.call('hosts.list', {}, { door: 'cli' }),
        ]),
      ),
    );
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]![0]).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(answers[0]![1]).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });
});
