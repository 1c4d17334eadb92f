// The start-up path of the core and of the CLI: the modules a door loads before its first call
// (server/compose.ts, cli/main.ts and what they import, not dynamically). They never import the
// contract's barrel (contract/index.ts) or its whole method table (contract/methods.ts) for a
// value: either builds every schema of the contract, which the router's lazy tables exist to
// avoid (contract/method-loaders.ts). Types are fine: they are erased. The path is read from the
// imports each time lint starts, so a module that joins it (a contract module too) is held to
// the rule at once. contract/method-index.ts is where the path ends: the bundles carry it as
// data computed at build time (scripts/build-main.mjs), so its own import of the table is fine.
import ts from 'typescript';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const repoPath = (file) => path.relative(ROOT, file).split(path.sep).join('/');

/** The files whose value import builds the whole contract. */
const WHOLE_CONTRACT = ['src-main/contract/index.ts', 'src-main/contract/methods.ts'];
/** Where the start-up path stops: carried as data by the bundles (see above). */
const END_POINTS = ['src-main/contract/method-index.ts'];
/** The doors' start-up entries: the core's composition root and the CLI's own start. */
const ENTRIES = ['src-main/server/compose.ts', 'src-main/cli/main.ts'];

const MESSAGE =
  'The start-up path imports contract modules directly, never contract/index.ts or contract/methods.ts (they build every schema; the router loads a method table on first use: contract/method-loaders.ts). Import the module that defines it, or import a type.';

/** Where a relative import from `from` lands (a .ts file), or undefined. */
function resolveImport(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => existsSync(f));
}

/** Whether an ESTree import/export declaration loads its module at run time (not types only). */
function estreeLoadsValue(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return false;
  const specifiers = node.specifiers ?? [];
  if (node.type === 'ExportAllDeclaration' || !specifiers.length) return true;
  return specifiers.some((s) => s.importKind !== 'type' && s.exportKind !== 'type');
}

/** The ESLint rule: a start-up file's value import that resolves to the barrel or the table. */
const wholeContract = {
  meta: { type: 'problem', schema: [], messages: { whole: MESSAGE } },
  create(context) {
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.') || !estreeLoadsValue(node)) return;
      const target = resolveImport(context.filename, spec);
      if (target && WHOLE_CONTRACT.includes(repoPath(target)))
        context.report({ node: node.source, messageId: 'whole' });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

/** The rule, for eslint.config.js: values from the barrel or the method table are refused. */
export const startUpImports = () => ({
  files: startUpFiles(),
  ignores: ['**/*.test.ts', '**/*.itest.ts'],
  plugins: { 'start-up': { rules: { 'whole-contract': wholeContract } } },
  rules: { 'start-up/whole-contract': 'error' },
});

/** Whether a TypeScript import or export declaration loads its module at run time. */
function loadsValue(node) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return true; // import './side-effect'
    if (clause.isTypeOnly) return false;
    if (clause.name) return true;
    const bindings = clause.namedBindings;
    if (!bindings || ts.isNamespaceImport(bindings)) return true;
    return bindings.elements.length === 0 || bindings.elements.some((e) => !e.isTypeOnly);
  }
  if (node.isTypeOnly) return false;
  const clause = node.exportClause;
  return !clause || !ts.isNamedExports(clause) || clause.elements.some((e) => !e.isTypeOnly);
}

/**
 * The repo-relative files a module loads at start-up: it and what it imports for a value,
 * transitively. Dynamic `import()` is where the path stops (it loads later, on first use); so
 * does an end point, which is listed but not followed.
 */
export function startUpClosure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (END_POINTS.includes(repoPath(file))) return;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const node of source.statements) {
      if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) continue;
      const spec = node.moduleSpecifier;
      if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
      if (!loadsValue(node)) continue;
      const target = resolveImport(file, spec.text);
      if (target) visit(target);
    }
  };
  visit(path.resolve(ROOT, entry));
  return [...seen].map(repoPath).sort();
}

/**
 * The files on the doors' start-up paths that the rule checks: every one, contract modules too,
 * except the end points (the build turns their import of the table into data).
 */
export const startUpFiles = () =>
  [...new Set(ENTRIES.flatMap((entry) => startUpClosure(entry)))]
    .filter((f) => !END_POINTS.includes(f))
    .sort();
