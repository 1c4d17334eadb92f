// The core's start-up path: the modules a door loads before its first call (server/compose.ts
// and what it imports, not dynamically). They never import the contract's barrel
// (contract/index.ts) or its whole method table (contract/methods.ts) for a value: either builds
// every schema of the contract, which the router's lazy tables exist to avoid
// (contract/method-loaders.ts). Types are fine: they are erased. The path is read from the
// imports each time lint starts, so a module that joins it is held to the rule at once.
import ts from 'typescript';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The rule, for eslint.config.js: values from the barrel or the method table are refused. */
export const startUpImports = () => ({
  files: startUpFiles(),
  ignores: ['**/*.test.ts', '**/*.itest.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^(\\./|(\\.\\./)+)(contract|contract/index|contract/methods|index|methods)$',
            allowTypeImports: true,
            message:
              'The core start-up path imports contract modules directly, never contract/index.ts or contract/methods.ts (they build every schema; the router loads a method table on first use: contract/method-loaders.ts). Import the module that defines it, or import a type.',
          },
        ],
      },
    ],
  },
});

const ROOT = path.resolve(import.meta.dirname, '..');

/** Where a relative import from `from` lands (a .ts file), or undefined. */
function resolveImport(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => existsSync(f));
}

/** Whether an import or export declaration loads its module at run time (not types only). */
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
 * transitively (dynamic `import()` is where the path stops: it loads later, on first use).
 */
export function startUpClosure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
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
  return [...seen].map((f) => path.relative(ROOT, f).split(path.sep).join('/')).sort();
}

/** The core's and the server's files on the start-up path (the contract's own are its business). */
export const startUpFiles = () =>
  startUpClosure('src-main/server/compose.ts').filter((f) => !f.startsWith('src-main/contract/'));
