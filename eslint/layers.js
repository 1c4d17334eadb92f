// The layers of Opsdeck as an ESLint rule (after VS Code's `code-layering`): each part of the
// tree may import only the parts its allow-list names. DESIGN.md, "Environments are enforced".
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Which part of the tree a file is in. Order matters: the first match wins.
 * `compose` is one file: the composition root every door (and only a door) starts from;
 * `attach` is the light door entry that reaches a running core without loading one.
 */
const PARTS = [
  ['compose', (p) => p === 'src-main/server/compose'],
  ['attach', (p) => p === 'src-main/server/attach'],
  ['testing', (p) => p.startsWith('testing/')],
  ['contract', (p) => p.startsWith('src-main/contract/')],
  ['core', (p) => p.startsWith('src-main/core/')],
  ['server', (p) => p.startsWith('src-main/server/')],
  ['cli', (p) => p.startsWith('src-main/cli/')],
  ['electron', (p) => p.startsWith('src-main/electron/')],
  ['renderer', (p) => p.startsWith('src-renderer/')],
  ['e2e', (p) => p.startsWith('e2e/')],
  ['scripts', (p) => p.startsWith('scripts/')],
];

/** What each part may import from the tree (packages and node:* are other rules' business). */
export const ALLOWED = {
  contract: ['contract'],
  core: ['contract', 'core'],
  server: ['contract', 'core', 'server', 'compose', 'attach'],
  compose: ['contract', 'core', 'server'],
  attach: ['contract', 'core', 'server'],
  // The doors reach the core only through the composition root (or attach to a running one).
  cli: ['contract', 'cli', 'compose', 'attach'],
  electron: ['contract', 'electron', 'compose', 'attach'],
  renderer: ['renderer', 'contract'],
  e2e: ['e2e', 'contract', 'testing'],
  testing: '*',
  scripts: '*',
  other: '*',
};

export const partOf = (rel) => PARTS.find(([, test]) => test(rel))?.[0] ?? 'other';

const isTestFile = (rel) => /\.(test|itest|spec)$/.test(rel);

/** The renderer's feature areas, lowest first: an area may import only areas before it. */
export const FEATURE_ORDER = [
  'prompts',
  // live charts: sparklines and the host dashboard are used by hosts and mysql
  'charts',
  'hosts',
  'workflows',
  'diff',
  'terminals',
  'files',
  'tunnels',
  'exec',
  'mysql',
  'ec2',
  'backups',
  'audit',
  'checks',
  'settings',
];

const featureOf = (rel) => /^src-renderer\/features\/([^/]+)\//.exec(rel)?.[1];

/** Repo-relative, `/`-separated, without the extension: imports name files without one. */
const relative = (abs) =>
  path
    .relative(ROOT, abs)
    .split(path.sep)
    .join('/')
    .replace(/\.(d\.ts|tsx?|mjs|cjs|js)$/, '');

function resolve(fromFile, spec) {
  return spec.startsWith('.') ? relative(path.resolve(path.dirname(fromFile), spec)) : undefined;
}

/** Why an import from `from` to `to` (repo-relative paths) is refused, or undefined. */
export function refusal(from, to) {
  const a = partOf(from);
  const b = partOf(to);
  if (
    b === 'testing' &&
    a !== 'testing' &&
    !isTestFile(from) &&
    a !== 'scripts' &&
    a !== 'e2e' &&
    a !== 'other'
  )
    return 'Production code does not import test helpers (testing/).';
  const allowed = ALLOWED[a];
  const extra = isTestFile(from) ? ['testing'] : [];
  if (allowed !== '*' && b !== 'other' && !allowed.includes(b) && !extra.includes(b))
    return `${a} may import only ${[...allowed, ...extra].join(', ')} (this is ${b}: ${to}).`;
  if (a === 'renderer') {
    if (from.startsWith('src-renderer/app/') && to.startsWith('src-renderer/features/'))
      return 'The shell (app/) does not import areas: an area contributes to it (app/contributions.ts).';
    const fa = featureOf(from);
    const fb = featureOf(to);
    if (fa && fb && fa !== fb && !isTestFile(from)) {
      const ia = FEATURE_ORDER.indexOf(fa);
      const ib = FEATURE_ORDER.indexOf(fb);
      if (ia < 0 || ib < 0)
        return `List the area ${ia < 0 ? fa : fb} in FEATURE_ORDER (eslint/layers.js).`;
      if (ib > ia)
        return `The ${fa} area may import only areas listed before it (${fb} comes after): contribute through app/contributions.ts instead.`;
    }
  }
  return undefined;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what its allow-list names (eslint/layers.js).' },
    schema: [],
  },
  create(context) {
    const file = relative(context.filename);
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const to = resolve(context.filename, source.value);
      if (!to) return;
      const why = refusal(file, to);
      if (why) context.report({ node: source, message: why });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) =>
        check(node, node.source.type === 'Literal' ? node.source : undefined),
    };
  },
};

export default { rules: { layers: rule } };
