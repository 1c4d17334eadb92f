import { z } from 'zod';
import { flagName } from './names';

export { flagName, kebab } from './names';

/** The part of JSON Schema (draft 2020-12, as zod writes it) the CLI reads. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  writeOnly?: boolean;
}

export type FlagKind = 'string' | 'number' | 'integer' | 'boolean' | 'list' | 'record' | 'json';

/** One command-line flag derived from one param (nested params: dotted, `--patch.address`). */
export interface FlagSpec {
  /** Where the value goes in the params object. */
  path: string[];
  /** The flag without dashes: `instance-ids`, `patch.mysql.port`. */
  flag: string;
  kind: FlagKind;
  /** list: the kind of each item. */
  item?: 'string' | 'number' | 'integer' | 'json';
  choices?: string[];
  /** Required (here and in every parent object). */
  required: boolean;
  /** boolean: its default (decides between --x and --no-x). */
  defaultValue?: unknown;
  /** A secret (writeOnly): read from an environment variable, never from the command line. */
  secret: boolean;
  help: string;
  /** The param's own schema (its limits, for help and tests). */
  schema: JsonSchema;
}

/** The method's params as JSON Schema, as a caller sends them (defaults are optional). */
export function paramsSchema(params: z.ZodType): JsonSchema {
  return z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

const typeOf = (s: JsonSchema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;

/** Scalars an option can carry; `anyOf` of scalars (an enum or a literal, or nullable) merged. */
function scalar(s: JsonSchema): { type: string; choices?: string[] } | undefined {
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    const parts = variants.filter((v) => typeOf(v) !== 'null').map(scalar);
    if (!parts.length || parts.some((p) => !p)) return undefined;
    const choices = parts.flatMap((p) => p!.choices ?? []);
    const types = new Set(parts.map((p) => p!.type));
    if (types.size !== 1) return undefined;
    const type = parts[0]!.type;
    return choices.length === parts.length || parts.every((p) => p!.choices)
      ? { type, choices }
      : { type };
  }
  const type = typeOf(s);
  if (!type || !['string', 'number', 'integer', 'boolean'].includes(type)) return undefined;
  if (s.const !== undefined) return { type, choices: [String(s.const)] };
  if (s.enum) return { type, choices: s.enum.map(String) };
  return { type };
}

function describe(s: JsonSchema, extra: string[] = []): string {
  const bits: string[] = [];
  const t = typeOf(s);
  if (t === 'integer' || t === 'number') {
    if (s.minimum !== undefined && s.maximum !== undefined && s.maximum < 1e15)
      bits.push(`${s.minimum}–${s.maximum}`);
    else if (s.minimum !== undefined) bits.push(`≥ ${s.minimum}`);
  }
  if (t === 'string' && s.maxLength !== undefined && s.maxLength < 4096)
    bits.push(`≤ ${s.maxLength} chars`);
  if (s.default !== undefined && typeof s.default !== 'object')
    bits.push(`default ${JSON.stringify(s.default)}`);
  const text = [s.description, ...extra].filter(Boolean).join('; ');
  return [text, bits.length ? `(${bits.join(', ')})` : ''].filter(Boolean).join(' ');
}

/** An object's properties, with the variants of a union (`oneOf`) merged into one set. */
function objectShape(
  s: JsonSchema,
):
  | { properties: Record<string, JsonSchema>; required: Set<string>; notes: Map<string, string> }
  | undefined {
  const variants = s.oneOf ?? s.anyOf;
  if (variants && variants.every((v) => v.properties)) {
    const properties: Record<string, JsonSchema> = {};
    const inVariants = new Map<string, string[]>();
    const discriminator = Object.keys(variants[0]!.properties!).find((k) =>
      variants.every((v) => v.properties![k]?.const !== undefined),
    );
    let required: Set<string> | undefined;
    for (const v of variants) {
      const tag = discriminator ? String(v.properties![discriminator]!.const) : '';
      for (const [k, p] of Object.entries(v.properties!)) {
        if (k === discriminator) continue;
        properties[k] ??= p;
        inVariants.set(k, [...(inVariants.get(k) ?? []), tag]);
      }
      const req = new Set(v.required ?? []);
      required = required ? new Set([...required].filter((k) => req.has(k))) : req;
    }
    const notes = new Map<string, string>();
    if (discriminator) {
      properties[discriminator] = {
        type: 'string',
        enum: variants.map((v) => v.properties![discriminator]!.const),
      };
      required = new Set([...(required ?? []), discriminator]);
      for (const [k, tags] of inVariants)
        if (tags.length < variants.length) notes.set(k, `with ${discriminator} ${tags.join('|')}`);
    }
    return { properties, required: required ?? new Set(), notes };
  }
  if (s.properties) {
    return { properties: s.properties, required: new Set(s.required ?? []), notes: new Map() };
  }
  return undefined;
}

/**
 * The flags of a params schema: scalars as `--name <value>`, booleans as `--name`/`--no-name`,
 * enums with their choices, nested objects as dotted flags, arrays of scalars as repeatable
 * lists, records as repeatable `key=value`, arrays of objects as JSON, union variants merged
 * (the discriminator becomes a choice).
 */
export function flagsOf(
  schema: JsonSchema,
  prefix: string[] = [],
  parentRequired = true,
): FlagSpec[] {
  const shape = objectShape(schema);
  if (!shape) return [];
  const flags: FlagSpec[] = [];
  for (const [key, prop] of Object.entries(shape.properties)) {
    const path = [...prefix, key];
    const required = parentRequired && shape.required.has(key);
    const notes = shape.notes.get(key);
    const base = {
      path,
      flag: flagName(path),
      required,
      // A nullable or optional secret carries the mark on its variant.
      secret: [prop, ...(prop.anyOf ?? prop.oneOf ?? [])].some((p) => p.writeOnly === true),
      schema: prop,
    };
    const one = scalar(prop);
    const t = typeOf(prop);
    if (one) {
      flags.push({
        ...base,
        kind: one.type as FlagKind,
        ...(one.choices ? { choices: one.choices } : {}),
        ...(one.type === 'boolean' ? { defaultValue: prop.default } : {}),
        help: describe(prop, notes ? [notes] : []),
      });
    } else if (t === 'array' && prop.items) {
      const item = scalar(prop.items);
      const itemKind = item && item.type !== 'boolean' ? (item.type as 'string') : 'json';
      flags.push({
        ...base,
        kind: 'list',
        item: itemKind,
        ...(item?.choices ? { choices: item.choices } : {}),
        help: describe(prop, [
          itemKind === 'json' ? 'each a JSON object, or one JSON array' : 'several allowed',
          ...(notes ? [notes] : []),
        ]),
      });
    } else if (objectShape(prop)) {
      flags.push(...flagsOf(prop, path, required));
    } else if (t === 'object' && prop.additionalProperties) {
      flags.push({ ...base, kind: 'record', help: describe(prop, ['key=value, several allowed']) });
    } else {
      flags.push({ ...base, kind: 'json', help: describe(prop, ['JSON']) });
    }
  }
  return flags;
}

/**
 * The one param given as a positional argument: the only required top-level scalar
 * (`workflow cancel <runId>`, `hosts get <id>`), if there is exactly one.
 */
export function positionalOf(
  flags: readonly FlagSpec[],
  /** Params the CLI fills in itself (the AWS account): never positional. */
  defaulted: readonly string[] = [],
): FlagSpec | undefined {
  const candidates = flags.filter(
    (f) =>
      f.required &&
      !defaulted.includes(f.flag) &&
      f.path.length === 1 &&
      !f.secret &&
      (f.kind === 'string' || f.kind === 'integer' || f.kind === 'number') &&
      !f.choices,
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}
