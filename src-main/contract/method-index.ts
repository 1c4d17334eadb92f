/**
 * Every contract method's name, the table (methods/*.ts) that declares it, its summary and
 * whether it mutates: what a door needs before it builds any schema. The main-process bundles
 * carry this index computed at build time from this very module (scripts/build-main.mjs), so
 * the CLI registers its commands and the core's router recognises a method without building the
 * contract's zod schemas; the schemas of a method's table load the first time it is called
 * (method-loaders.ts).
 */
import { methodTables, type MethodName, type MethodTableName } from './methods';

export interface MethodIndexEntry {
  readonly table: MethodTableName;
  readonly summary: string;
  readonly mutates: boolean;
}

export const methodIndex = Object.fromEntries(
  Object.entries(methodTables).flatMap(([table, specs]) =>
    Object.entries(specs).map(([name, spec]) => [
      name,
      { table, summary: spec.summary, mutates: spec.mutates },
    ]),
  ),
) as Readonly<Record<MethodName, MethodIndexEntry>>;
