/**
 * Every method of the contract has a command: a hand-written one, or one derived from the
 * contract, and running it reaches the method with valid params. A hand-written command is run
 * with its example line (hand-written-examples.ts); a derived one with the flags its params need
 * (filled in from the validation errors it gives, as a user would).
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { methods, toErrorShape, type MethodName } from '../contract';
import type { CliContext } from './cli-context';
import {
  flagsOf,
  paramsSchema,
  positionalOf,
  type FlagSpec,
  type JsonSchema,
} from './derived/flags';
import {
  derivedPath,
  HAND_WRITTEN,
  isHandWritten,
  type DerivedMethod,
  type HandWritten,
} from './derived/paths';
import { derivedMethodOf } from './derived/register';
import {
  EXAMPLE_SECRET_ENV,
  HAND_WRITTEN_EXAMPLES,
  type Answer,
  type Emit,
} from './hand-written-examples';
import { createOutput } from './output';
import { buildProgram } from './program';
import type { RunCommand } from './run-command';

const SECRET_ENV = EXAMPLE_SECRET_ENV;
process.env[SECRET_ENV] = 'not-a-real-secret-1';

/** Values that satisfy the contract's patterns, by param name. */
const BY_NAME: Record<string, string> = {
  instanceId: 'i-0abc1234',
  instanceIds: 'i-0abc1234',
  volumeId: 'vol-0abc1234',
  snapshotId: 'snap-0abc1234',
  allocationId: 'eipalloc-0abc1234',
  groupId: 'sg-0abc1234',
  device: '/dev/sdf',
  availabilityZone: 'us-east-1a',
  resourceIds: 'i-0abc1234',
  publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOpsdeckTestKey',
  source: '10.0.0.0/8',
  from: '10.0.0.0/8',
  to: '10.1.0.0/16',
  region: 'us-east-1',
  requestId: 'req-1',
};

function sampleValue(key: string, s: JsonSchema): unknown {
  if (s.type === 'array') return [sampleValue(key, s.items ?? {})];
  if (BY_NAME[key]) return BY_NAME[key];
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return sampleValue(key, variants.find((v) => v.type !== 'null') ?? variants[0]!);
  if (s.type === 'integer' || s.type === 'number') return Math.max(s.minimum ?? 1, 1);
  if (s.type === 'boolean') return true;
  if (s.type === 'object') {
    return Object.fromEntries(
      (s.required ?? []).map((k) => [k, sampleValue(k, s.properties?.[k] ?? {})]),
    );
  }
  return 'x'.repeat(Math.max(s.minLength ?? 1, 3));
}

/** The words a user types for one flag, with a value that passes its schema. */
function argsFor(spec: FlagSpec): string[] {
  const key = spec.path[spec.path.length - 1]!;
  if (spec.secret) return [`--${spec.flag}-env`, SECRET_ENV];
  if (spec.kind === 'boolean') return spec.defaultValue === true ? [] : [`--${spec.flag}`];
  if (spec.kind === 'record') return [`--${spec.flag}`, 'k=v'];
  if (spec.kind === 'json')
    return [`--${spec.flag}`, JSON.stringify(sampleValue(key, spec.schema))];
  if (spec.kind === 'list') {
    const items = sampleValue(key, spec.schema) as unknown[];
    return spec.item === 'json'
      ? [`--${spec.flag}`, JSON.stringify(items)]
      : [`--${spec.flag}`, ...items.map(String)];
  }
  return [`--${spec.flag}`, String(sampleValue(key, spec.schema))];
}

class Reached extends Error {
  constructor(
    readonly method: string,
    readonly params: unknown,
  ) {
    super(`reached ${method}`);
  }
}

/**
 * Runs commands with a context that records the first call it has no answer for instead of
 * calling a core. `answers` stand in for the core on methods a command calls on its way.
 */
function recorder(expected: string, answers: Partial<Record<MethodName, Answer>> = {}) {
  const outcome: { reached?: Reached; error?: ReturnType<typeof toErrorShape> } = {};
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit: Emit = (topic, payload) => listeners.get(topic)?.forEach((l) => l(payload));
  const run: RunCommand = async (body) => {
    const ctx = {
      out: createOutput(true, { write: () => true } as never, { write: () => true } as never),
      async call(method: MethodName, params: unknown) {
        const answer = method === expected ? undefined : answers[method];
        if (answer) return answer(params as never, emit);
        // The CLI's own default for the AWS account asks for the list first.
        if (method === 'ec2.accounts.list' && expected !== method) return [{ name: 'fake' }];
        const reached = new Reached(method, params);
        // Kept here too: a command may swallow the error (an unsubscribe on the way out).
        outcome.reached ??= reached;
        throw reached;
      },
      on(topic: string, listener: (payload: unknown) => void) {
        const set = listeners.get(topic) ?? new Set();
        listeners.set(topic, set.add(listener));
        return () => set.delete(listener);
      },
    } as unknown as CliContext;
    try {
      await body(ctx, async () => true);
    } catch (err) {
      if (!(err instanceof Reached)) outcome.error = toErrorShape(err);
    }
  };
  return { run, outcome };
}

function find(program: Command, words: readonly string[]): Command | undefined {
  let node: Command | undefined = program;
  for (const word of words)
    node = node?.commands.find((c) => c.name() === word || c.aliases().includes(word));
  return node;
}

const derivedMethods = (Object.keys(methods) as MethodName[]).filter(
  (m): m is DerivedMethod => !isHandWritten(m),
);

describe('every contract method has a command', () => {
  it('covers every method, hand-written or derived', async () => {
    const program = await buildProgram(recorder('').run);
    for (const method of Object.keys(methods) as MethodName[]) {
      const words = isHandWritten(method) ? HAND_WRITTEN[method].split(' ') : derivedPath(method);
      expect(find(program, words), `${method}: opsdeck ${words.join(' ')}`).toBeDefined();
    }
    expect(derivedMethods.length + Object.keys(HAND_WRITTEN).length).toBe(
      Object.keys(methods).length,
    );
  });

  it.each(Object.keys(HAND_WRITTEN) as HandWritten[])(
    '%s: its hand-written command reaches it with valid params',
    async (method) => {
      const example = HAND_WRITTEN_EXAMPLES[method];
      if (!example)
        throw new Error(
          `${method} has no example: add one to HAND_WRITTEN_EXAMPLES in src-main/cli/hand-written-examples.ts (what a user types for \`opsdeck ${HAND_WRITTEN[method]}\` to reach it, and what the core answers on the way).`,
        );
      const { run, outcome } = recorder(method, example.answers);
      const exitCode = process.exitCode;
      try {
        const program = (await buildProgram(run, example.argv)).exitOverride();
        await program.parseAsync([...example.argv], { from: 'user' });
      } finally {
        process.exitCode = exitCode;
      }
      const problem = outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : '';
      expect(outcome.reached?.method, `opsdeck ${example.argv.join(' ')} ${problem}`).toBe(method);
      const parsed = methods[method].params.safeParse(outcome.reached!.params);
      expect(parsed.error?.issues ?? [], JSON.stringify(outcome.reached!.params)).toEqual([]);
    },
  );

  it.each(derivedMethods)(
    '%s: its derived command reaches it with valid params',
    async (method) => {
      const words = derivedPath(method);
      const { run, outcome } = recorder(method);
      const schema = paramsSchema(methods[method].params);
      const flags = flagsOf(schema);
      const positional = positionalOf(flags, ['account']);
      const argv = [...words];
      if (positional) argv.push(String(sampleValue(positional.path[0]!, positional.schema)));
      const yes = methods[method].mutates ? ['--yes'] : [];
      // Built as the bin builds it: only the commands of the command word.
      const program = async () => (await buildProgram(run, argv)).exitOverride();
      expect(derivedMethodOf(find(await program(), words)!)).toBe(method);
      // Give what the command says is missing, one flag at a time, as a user would.
      const problem = () => outcome.error?.message ?? '';
      for (let round = 0; round < 12 && !outcome.reached; round++) {
        delete outcome.error;
        await (await program()).parseAsync([...argv, ...yes], { from: 'user' });
        if (outcome.reached) break;
        const named = /^(--[\w.-]+):/.exec(problem())?.[1];
        const missing = flags.find((f) => `--${f.flag}` === named);
        if (!missing) throw new Error(`${method}: ${problem()}`);
        argv.push(...argsFor(missing));
      }
      expect(outcome.reached?.method, problem()).toBe(method);
      expect(methods[method].params.safeParse(outcome.reached!.params).success).toBe(true);
    },
  );
});
