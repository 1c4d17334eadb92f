import { describe, expect, it } from 'vitest';
import type { HaproxyCreatePoolResult } from '../../../src-main/contract';
import { poolParams, poolParamsKey, previewFor, type PoolForm } from './pool-offer-model';

const form: PoolForm = {
  proxyHost: 'proxy1',
  section: 'writer_new',
  bind: '10.0.0.254:3310',
  checkUser: 'haproxy_check',
  othersAs: 'absent',
  master: 'db1',
  others: ['db2', 'db3'],
};
const result: HaproxyCreatePoolResult = {
  host: 'proxy1',
  section: 'writer_new',
  configPath: '/etc/haproxy/haproxy.cfg',
  sectionText: 'listen writer_new\n  bind 10.0.0.254:3310\n  server db1 10.0.0.1:3306 check',
  validated: true,
  installed: false,
  warnings: [],
};
const previewOf = (f: PoolForm) => ({ params: poolParams(f), result });

describe('the writers’ pool offer: a preview belongs to the exact pool it was made for', () => {
  it('the same form shows its preview (Add installs what was previewed)', () => {
    const preview = previewOf(form);
    expect(previewFor(preview, poolParams({ ...form }))).toBe(preview);
  });

  it('whitespace the server trims away does not hide the preview', () => {
    const preview = previewOf(form);
    const padded = {
      ...form,
      section: ' writer_new ',
      bind: ' 10.0.0.254:3310',
      checkUser: ' haproxy_check ',
    };
    expect(previewFor(preview, poolParams(padded))).toBe(preview);
  });

  it.each<[string, Partial<PoolForm>]>([
    ['another proxy', { proxyHost: 'proxy2' }],
    ['another section name', { section: 'writer_b' }],
    ['another bind', { bind: '10.0.0.254:3311' }],
    ['another check user', { checkUser: 'other_check' }],
    ['no check user (a bare TCP check)', { checkUser: '' }],
    ['the others as backup servers', { othersAs: 'backup' }],
    ['another master', { master: 'db2' }],
    ['a member fewer', { others: ['db2'] }],
    ['the members in another order', { others: ['db3', 'db2'] }],
  ])(
    '%s after the preview hides it: Add has nothing to install until previewed again',
    (_, change) => {
      const preview = previewOf(form);
      expect(previewFor(preview, poolParams({ ...form, ...change }))).toBeNull();
    },
  );

  it('changing a field back shows the preview again (it is the same pool)', () => {
    const preview = previewOf(form);
    expect(previewFor(preview, poolParams({ ...form, bind: ':3310' }))).toBeNull();
    expect(previewFor(preview, poolParams(form))).toBe(preview);
  });

  it('no preview yet: nothing to show', () => {
    expect(previewFor(null, poolParams(form))).toBeNull();
  });

  it('an empty check user is left out of the params (the server then generates a TCP check)', () => {
    expect(poolParams({ ...form, checkUser: '  ' })).not.toHaveProperty('checkUser');
    expect(poolParamsKey(poolParams({ ...form, checkUser: '' }))).not.toBe(
      poolParamsKey(poolParams(form)),
    );
  });
});
