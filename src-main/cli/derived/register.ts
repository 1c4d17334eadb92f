import { InvalidArgumentError, Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { OpsdeckError } from '../../contract/errors';
import type { MethodName, Methods } from '../../contract/methods';
import type { CliContext } from '../cli-context';
import { accountOf } from '../commands/ec2-account';
import type { RunCommand } from '../run-command';
import type { FlagSpec, JsonSchema } from './flags';
import { methodCatalogue } from './method-catalogue';
import { assembleParams, invalidParams } from './params';
import { derivedPath, GROUP_TITLES, isHandWritten, type DerivedMethod } from './paths';
import { renderResult } from './render';

/** The method behind each derived command (filled in lazily: see `prepare`). */
const derived = new WeakMap<
  Command,
  { method: DerivedMethod; words: string[]; ready?: Promise<void> }
>();

export const derivedMethodOf = (command: Command): DerivedMethod | undefined =>
  derived.get(command)?.method;

const findChild = (parent: Command, word: string) =>
  parent.commands.find((c) => c.name() === word || c.aliases().includes(word));

/** The group command for `words`, found by name or alias, created where missing. */
function groupAt(program: Command, words: readonly string[]): Command {
  let node = program;
  for (const word of words) {
    const found = findChild(node, word);
    if (found) node = found;
    else {
      node = node
        .command(word)
        .description(GROUP_TITLES[word] ?? `${word}: methods of the contract`);
      prepareChildren(node);
    }
  }
  return node;
}

/**
 * Options are built only for the command that runs (start-up stays cheap with ~50 of them), and
 * only then are its method's schemas loaded.
 */
function prepareChildren(parent: Command): void {
  if (derivedParents.has(parent)) return;
  derivedParents.add(parent);
  parent.hook('preSubcommand', (_parent, sub) => prepare(sub));
}
const derivedParents = new WeakSet<Command>();

const derivedMethods = (Object.keys(methodCatalogue) as MethodName[]).filter(
  (m): m is DerivedMethod => !isHandWritten(m),
);

/** The top-level words of the derived commands (a group of its own unless a hand-written one). */
export const DERIVED_GROUPS: ReadonlySet<string> = new Set(
  derivedMethods.map((m) => derivedPath(m)[0]!),
);

/**
 * A command for every contract method without a hand-written one (derived/paths.ts): group and
 * verb from the method name, flags from its zod params, `--json` (global), `--input` for the
 * whole params as JSON, and a confirmation for methods that change things unless `--yes`.
 * `include` picks the top-level groups to register (default: all).
 */
export function registerDerived(
  program: Command,
  run: RunCommand,
  include: (group: string) => boolean = () => true,
): void {
  for (const method of derivedMethods) {
    const words = derivedPath(method);
    if (!include(words[0]!)) continue;
    const parent = groupAt(program, words.slice(0, -1));
    const verb = words[words.length - 1]!;
    if (findChild(parent, verb))
      throw new Error(`The derived command \`${words.join(' ')}\` (${method}) is already taken.`);
    const leaf = parent.command(verb).description(methodCatalogue[method].summary);
    derived.set(leaf, { method, words });
    prepareChildren(parent);
    leaf.action(() => runDerived(leaf, run));
  }
}

/** Params the CLI fills in when they are left out, and what it takes. */
const CONTEXT_DEFAULTS: Record<string, string> = {
  account: 'OPSDECK_AWS_ACCOUNT or the only account',
};

const number = (flag: string, integer: boolean) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new InvalidArgumentError(`--${flag} takes ${integer ? 'a whole number' : 'a number'}.`);
  return n;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The commander options of one flag (a boolean may have two: `--x` and `--no-x`). */
export function optionsFor(spec: FlagSpec): Option[] {
  const required = CONTEXT_DEFAULTS[spec.flag]
    ? ` (default: ${CONTEXT_DEFAULTS[spec.flag]})`
    : spec.required
      ? ' (required)'
      : '';
  const help = `${spec.help}${required}`.trim();
  if (spec.secret)
    return [new Option(`--${spec.flag}-env <VAR>`, `environment variable holding it${required}`)];
  switch (spec.kind) {
    case 'boolean':
      // On by default: the flag turns it off.
      return spec.defaultValue === true
        ? [new Option(`--no-${spec.flag}`, `turn off: ${help}`.trim())]
        : [new Option(`--${spec.flag}`, help)];
    case 'string': {
      const o = new Option(`--${spec.flag} <value>`, help);
      return [spec.choices ? o.choices(spec.choices) : o];
    }
    case 'number':
    case 'integer':
      return [
        new Option(`--${spec.flag} <n>`, help).argParser(
          number(spec.flag, spec.kind === 'integer'),
        ),
      ];
    case 'list': {
      const o = new Option(`--${spec.flag} <values...>`, help);
      return [spec.choices ? o.choices(spec.choices) : o];
    }
    case 'record':
      return [new Option(`--${spec.flag} <key=value>`, help).argParser(collect)];
    case 'json':
      return [new Option(`--${spec.flag} <json>`, help)];
  }
}

interface Prepared {
  spec: Methods[DerivedMethod];
  schema: JsonSchema;
  flags: FlagSpec[];
  positional?: FlagSpec;
  /** The option that carries each flag's value. */
  options: Map<FlagSpec, Option[]>;
}
const prepared = new WeakMap<Command, Prepared>();

/** Arguments, options and help of a derived command, from its method's params schema. */
export function prepare(command: Command): Promise<void> {
  const info = derived.get(command);
  if (!info) return Promise.resolve();
  // Every caller awaits the one preparation; a failed one is tried again by the next caller.
  info.ready ??= prepareOnce(command, info.method).catch((err: unknown) => {
    info.ready = undefined;
    throw err;
  });
  return info.ready;
}

async function prepareOnce(command: Command, method: DerivedMethod): Promise<void> {
  const [{ methods }, { flagsOf, paramsSchema, positionalOf }] = await Promise.all([
    import('../../contract/methods'),
    import('./flags'),
  ]);
  const spec = methods[method];
  const schema = paramsSchema(spec.params);
  const flags = flagsOf(schema);
  const positional = positionalOf(flags, Object.keys(CONTEXT_DEFAULTS));
  // The positional may also be given as its flag (scripts that name every param).
  if (positional)
    command.argument(
      `[${positional.path[0]}]`,
      `${positional.help} (or --${positional.flag})`.trim(),
    );
  const options = new Map<FlagSpec, Option[]>();
  for (const flag of flags) {
    const made = optionsFor(flag);
    made.forEach((o) => command.addOption(o));
    options.set(flag, made);
  }
  command.option(
    '--input <json>',
    'all params as JSON (@file: from a file, -: from stdin); flags override',
  );
  if (spec.mutates) command.option('-y, --yes', 'do not ask for confirmation');
  command.addHelpText(
    'after',
    `\nCalls ${method}${spec.mutates ? ' (it changes things: asks first unless --yes)' : ''}.` +
      (spec.events.length ? `\nEvents: ${spec.events.join(', ')}.` : ''),
  );
  prepared.set(command, {
    spec,
    schema,
    flags,
    ...(positional ? { positional } : {}),
    options,
  });
}

function readInput(text: string): unknown {
  const raw =
    text === '-'
      ? readFileSync(0, 'utf8')
      : text.startsWith('@')
        ? readFileSync(text.slice(1), 'utf8')
        : text;
  try {
    return JSON.parse(raw);
  } catch {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      '--input is not valid JSON.',
      'Give a JSON object, @file or - (stdin).',
    );
  }
}

/** What is about to be done, for the confirmation: the flags given (secrets masked). */
function describeCall(
  words: readonly string[],
  flags: readonly FlagSpec[],
  params: Record<string, unknown>,
): string {
  const shown = flags.flatMap((f) => {
    let v: unknown = params;
    for (const key of f.path) v = (v as Record<string, unknown> | undefined)?.[key];
    if (v === undefined) return [];
    return [`--${f.flag} ${f.secret ? '***' : typeof v === 'string' ? v : JSON.stringify(v)}`];
  });
  return `opsdeck ${words.join(' ')} ${shown.join(' ')}`.trim();
}

/** Defaults the CLI knows for any method: the AWS account (OPSDECK_AWS_ACCOUNT or the only one). */
async function contextDefaults(
  ctx: CliContext,
  schema: JsonSchema,
  params: Record<string, unknown>,
) {
  if (
    schema.properties?.account &&
    schema.required?.includes('account') &&
    params.account === undefined
  )
    params.account = await accountOf(ctx);
}

async function runDerived(command: Command, run: RunCommand): Promise<void> {
  const info = derived.get(command)!;
  await prepare(command);
  const { spec, schema, flags, positional, options } = prepared.get(command)!;
  const opts = command.opts<{ input?: string; yes?: boolean }>();
  return run(async (ctx, confirm) => {
    const params = assembleParams(flags, schema, {
      value: (f) => {
        const values = (options.get(f) ?? []).map((o) => command.getOptionValue(o.attributeName()));
        return values.find((v) => v !== undefined);
      },
      ...(positional && command.processedArgs[0] !== undefined
        ? { positional: { spec: positional, value: String(command.processedArgs[0]) } }
        : {}),
      ...(opts.input !== undefined ? { input: readInput(opts.input) } : {}),
      env: process.env,
    });
    await contextDefaults(ctx, schema, params);
    const parsed = spec.params.safeParse(params);
    if (!parsed.success) {
      const e = invalidParams(parsed.error.issues, info.words.join(' '));
      throw new OpsdeckError(e.code, e.message, e.hint);
    }
    if (spec.mutates && !opts.yes) {
      const what = describeCall(info.words, flags, params);
      if (!(await confirm(`${spec.summary}:\n  ${what}\nGo ahead?`)))
        throw new OpsdeckError(
          'CONFIRMATION_REQUIRED',
          `Not confirmed: ${what}`,
          'Answer y in a terminal, or pass --yes (scripts).',
        );
    }
    const result = await ctx.call(info.method, params as never);
    ctx.out.result(result, () => renderResult(result));
  });
}
