import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { methods, secret } from '../../contract';
import { flagsOf, kebab, paramsSchema, positionalOf } from './flags';
import { assembleParams } from './params';

const flagsFor = (schema: z.ZodType) => flagsOf(paramsSchema(schema));
const byFlag = (schema: z.ZodType) => new Map(flagsFor(schema).map((f) => [f.flag, f]));

describe('flags derived from a method’s params', () => {
  it('names flags in kebab-case, nested params dotted', () => {
    expect(kebab('sizeGiB')).toBe('size-gib');
    expect(kebab('instanceIds')).toBe('instance-ids');
    const flags = byFlag(methods['hosts.update'].params);
    expect(flags.get('patch.key-path')).toMatchObject({
      kind: 'string',
      path: ['patch', 'keyPath'],
    });
    expect(flags.get('patch.mysql.port')).toMatchObject({ kind: 'integer', required: false });
    expect(flags.get('patch.mysql.via')?.choices).toEqual(['ssh-tunnel', 'direct', 'ssh-socket']);
  });

  it('turns booleans, enums, lists, records and object lists into their flags', () => {
    const flags = byFlag(
      z.object({
        force: z.boolean().default(false),
        deleteOnTermination: z.boolean().default(true),
        type: z.enum(['gp2', 'gp3']).default('gp3'),
        ids: z.array(z.string()).min(1),
        set: z.record(z.string(), z.string()).default({}),
        rules: z.array(z.object({ port: z.number().int() })),
      }),
    );
    expect(flags.get('force')).toMatchObject({ kind: 'boolean', defaultValue: false });
    expect(flags.get('delete-on-termination')).toMatchObject({
      kind: 'boolean',
      defaultValue: true,
    });
    expect(flags.get('type')).toMatchObject({ kind: 'string', choices: ['gp2', 'gp3'] });
    expect(flags.get('type')?.help).toContain('default "gp3"');
    expect(flags.get('ids')).toMatchObject({ kind: 'list', item: 'string', required: true });
    expect(flags.get('set')).toMatchObject({ kind: 'record' });
    expect(flags.get('rules')).toMatchObject({ kind: 'list', item: 'json' });
  });

  it('merges the variants of a union; the discriminator becomes a required choice', () => {
    const flags = byFlag(methods['prompts.answer'].params);
    expect(flags.get('kind')).toMatchObject({
      required: true,
      choices: ['host-key', 'secret', 'confirm'],
    });
    expect(flags.get('id')?.required).toBe(true);
    expect(flags.get('decision')).toMatchObject({ required: false });
    expect(flags.get('decision')?.help).toContain('with kind host-key');
    expect(flags.get('value')).toMatchObject({ secret: true });
  });

  it('marks secrets (writeOnly) so they are read from the environment only', () => {
    const schema = z.object({ name: z.string(), password: secret(z.string()).optional() });
    const flags = flagsFor(schema);
    expect(flags.find((f) => f.flag === 'password')?.secret).toBe(true);
    const params = assembleParams(flags, paramsSchema(schema), {
      value: (f) => (f.flag === 'password' ? 'DB_PASSWORD' : 'web1'),
      env: { DB_PASSWORD: 's3cret' },
    });
    expect(params).toEqual({ name: 'web1', password: 's3cret' });
    expect(() =>
      assembleParams(flags, paramsSchema(schema), { value: () => 'UNSET_VAR', env: {} }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAMS',
        hint: expect.stringContaining('UNSET_VAR'),
      }),
    );
  });

  it('takes the only required scalar as the positional argument, never a defaulted one', () => {
    expect(positionalOf(flagsFor(methods['workflows.cancel'].params))?.flag).toBe('run-id');
    expect(positionalOf(flagsFor(methods['hosts.update'].params))?.flag).toBe('id');
    expect(positionalOf(flagsFor(methods['ec2.tags.update'].params), ['account'])).toBeUndefined();
    expect(positionalOf(flagsFor(methods['terminals.write'].params))).toBeUndefined();
  });
});

describe('params assembled from the flags given', () => {
  const schema = methods['ec2.tags.update'].params;
  const flags = flagsFor(schema);
  const given = (values: Record<string, unknown>, input?: unknown) =>
    assembleParams(flags, paramsSchema(schema), {
      value: (f) => values[f.flag],
      ...(input ? { input } : {}),
      env: {},
    });

  it('collects lists and key=value records, over --input', () => {
    expect(
      given(
        { 'resource-ids': ['i-1', 'i-2'], set: ['Name=web1', 'env=prod=eu'] },
        { account: 'main', remove: ['old'] },
      ),
    ).toEqual({
      account: 'main',
      remove: ['old'],
      resourceIds: ['i-1', 'i-2'],
      set: { Name: 'web1', env: 'prod=eu' },
    });
  });

  it('refuses a record entry that is not key=value', () => {
    expect(() => given({ set: ['Name'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
  });

  it('starts a required object of optional fields empty (hosts update db1 --patch.port 2222)', () => {
    const s = methods['hosts.update'].params;
    const f = flagsFor(s);
    expect(
      assembleParams(f, paramsSchema(s), {
        value: (x) => (x.flag === 'patch.port' ? 2222 : undefined),
        positional: { spec: f.find((x) => x.flag === 'id')!, value: 'db1' },
        env: {},
      }),
    ).toEqual({ id: 'db1', patch: { port: 2222 } });
  });

  it('reads object lists as JSON objects or one JSON array', () => {
    const s = methods['ec2.securityGroups.authorizeIngress'].params;
    const f = flagsFor(s);
    const rule = { protocol: 'tcp', fromPort: 22, toPort: 22, source: '10.0.0.0/8' };
    const one = assembleParams(f, paramsSchema(s), {
      value: (x) =>
        x.flag === 'rules' ? [JSON.stringify(rule), JSON.stringify([rule, rule])] : undefined,
      env: {},
    });
    expect(one.rules).toEqual([rule, rule, rule]);
  });
});
