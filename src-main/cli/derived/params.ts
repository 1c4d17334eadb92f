import { OpsdeckError, type ErrorShape } from '../../contract/errors';
import type { FlagSpec, JsonSchema } from './flags';
import { flagName } from './names';

type Params = Record<string, unknown>;

const usage = (message: string, hint: string): OpsdeckError =>
  new OpsdeckError('INVALID_PARAMS', message, hint);

function setAt(target: Params, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Params;
  }
  node[path[path.length - 1]!] = value;
}

function parseJson(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw usage(`--${flag}: not valid JSON: ${text.slice(0, 80)}`, 'Quote the JSON for the shell.');
  }
}

/** `key=value` pairs (repeatable flag) → an object. */
function record(flag: string, pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw usage(`--${flag}: expected key=value, got "${pair}"`, `e.g. --${flag} Name=web1`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** A list flag's values; a list of objects also takes one JSON array. */
function list(spec: FlagSpec, values: readonly string[]): unknown[] {
  if (spec.item === 'json')
    return values.flatMap((v) => {
      const parsed = parseJson(spec.flag, v);
      return Array.isArray(parsed) ? parsed : [parsed];
    });
  return values.map((v) => (spec.item === 'string' ? v : Number(v)));
}

export interface Given {
  /** Parsed option values by flag spec (`undefined`: not given). */
  value(spec: FlagSpec): unknown;
  /** The positional argument, if the command has one. */
  positional?: { spec: FlagSpec; value: string };
  /** `--input`: all params as JSON, flags override. */
  input?: unknown;
  env: Record<string, string | undefined>;
}

/**
 * The params of a derived command: `--input` first, then every flag given (numbers and lists
 * converted, `key=value` records, JSON where the param is an object list), secrets from the
 * environment variable their `--x-env` flag names. Required objects whose fields are all
 * optional (`hosts update db1 --patch.port 2222`) start empty.
 */
export function assembleParams(
  flags: readonly FlagSpec[],
  schema: JsonSchema,
  given: Given,
): Params {
  const params: Params =
    given.input && typeof given.input === 'object' ? structuredClone(given.input as Params) : {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (schema.required?.includes(key) && prop.properties && !prop.required?.length)
      params[key] ??= {};
  }
  if (given.positional) {
    const { spec, value } = given.positional;
    setAt(params, spec.path, spec.kind === 'string' ? value : Number(value));
  }
  for (const spec of flags) {
    const raw = given.value(spec);
    if (raw === undefined) continue;
    if (spec.secret) {
      const name = String(raw);
      const secret = given.env[name];
      if (secret === undefined)
        throw usage(
          `--${spec.flag}-env: the environment variable ${name} is not set.`,
          `Export ${name} with the value first (secrets never go on the command line).`,
        );
      setAt(params, spec.path, secret);
      continue;
    }
    const values = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    const value =
      spec.kind === 'list'
        ? list(spec, values)
        : spec.kind === 'record'
          ? record(spec.flag, values)
          : spec.kind === 'json'
            ? parseJson(spec.flag, values[0]!)
            : raw;
    setAt(params, spec.path, value);
  }
  return params;
}

/** A zod issue path as the flag a user typed: `['patch', 'keyPath']` → `--patch.key-path`. */
export function issueFlag(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  return names.length ? `--${flagName(names)}` : 'params';
}

/** The first validation problem, named by flag. */
export function invalidParams(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  command: string,
): ErrorShape {
  const first = issues[0];
  return {
    code: 'INVALID_PARAMS',
    message: `${first ? `${issueFlag(first.path)}: ${first.message}` : 'invalid params'}`,
    hint: `See \`opsdeck ${command} --help\` for the flags and their values.`,
  };
}
