import { describe, expect, it } from 'vitest';
import { methodIndex } from './method-index';
import { isIndexedMethod, loadMethodSpec, methodTableLoaders } from './method-loaders';
import { methods, methodTables, type MethodName, type MethodTableName } from './methods';

/**
 * The lazily loaded contract (what the core's router validates with) is the contract itself:
 * every method, in exactly one table, with the very schemas `methods` holds.
 */
describe('the contract loaded one method table at a time', () => {
  const names = Object.keys(methods) as MethodName[];

  it('indexes every method once, under the table that declares it', () => {
    expect(Object.keys(methodIndex).sort()).toEqual([...names].sort());
    const declared = Object.values(methodTables).flatMap((t) => Object.keys(t));
    expect(declared.length).toBe(names.length);
    for (const name of names) {
      const entry = methodIndex[name];
      expect(Object.keys(methodTables[entry.table]), name).toContain(name);
      expect(entry.summary).toBe(methods[name].summary);
      expect(entry.mutates).toBe(methods[name].mutates);
    }
  });

  it('each loader loads its own table', async () => {
    for (const table of Object.keys(methodTables) as MethodTableName[])
      expect(await methodTableLoaders[table](), table).toBe(methodTables[table]);
  });

  it("a method's spec is the contract's own: same params and result schemas", async () => {
    for (const name of names) expect(await loadMethodSpec(name), name).toBe(methods[name]);
  });

  it('knows a method by name without its schemas, and nothing else', () => {
    expect(isIndexedMethod('hosts.list')).toBe(true);
    for (const bad of ['hosts.nope', 'toString', '__proto__', 'constructor', '', 42, undefined])
      expect(isIndexedMethod(bad), String(bad)).toBe(false);
  });
});
