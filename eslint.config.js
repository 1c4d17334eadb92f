// One lint setup. Environment layering is enforced as errors (after VS Code's `code-layering`
// and Signal's file-suffix rule): see DESIGN.md "Environments are enforced, not hoped for".
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

import { builtinModules } from 'node:module';
import layers from './eslint/layers.js';
import { startUpImports } from './eslint/start-up.js';

// Bare builtin names are matched exactly (a pattern 'events' would also catch './events').
const nodeBuiltins = ['node:*'];
const exactNodeBuiltins = builtinModules;
// Node's own globals (process, Buffer, require, __dirname…): not in the contract or the renderer.
const nodeOnlyGlobals = Object.keys(globals.node)
  .filter((name) => !(name in globals.browser))
  .map((name) => ({
    name,
    message: `${name} is a Node global: the contract and the renderer run in a browser too.`,
  }));
const restrict = (patterns, message, exact = []) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [{ group: patterns, message }], paths: exact.map((name) => ({ name, message })) },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.lab/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { opsdeck: layers },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Each layer imports only what its allow-list names (eslint/layers.js).
      'opsdeck/layers': 'error',
      // A file past ~400 lines of code deserves a split (DESIGN.md, "Small files").
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    ignores: ['src-main/contract/**', 'src-renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src-main/contract/**'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'react', 'react-dom'],
      'The contract is isomorphic: no node:*, electron or DOM libraries (other layers: opsdeck/layers).',
      exactNodeBuiltins,
    ),
  },
  {
    files: ['src-main/contract/**'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: { 'no-restricted-globals': ['error', ...nodeOnlyGlobals] },
  },
  {
    files: ['src-main/core/**'],
    rules: restrict(
      ['electron', 'react', 'react-dom'],
      'The core is plain Node: no electron, no React (the doors and the renderer: opsdeck/layers).',
    ),
  },
  {
    files: ['src-main/server/**', 'src-main/cli/**'],
    rules: restrict(['electron'], 'Server and CLI run without electron.'),
  },
  // The core's start-up path never builds the whole contract (eslint/start-up.js).
  startUpImports(),
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': ['error', ...nodeOnlyGlobals],
      ...restrict(
        [...nodeBuiltins, 'electron'],
        'The renderer runs in a browser: no node:*, no electron (src-main: the contract only, opsdeck/layers).',
        exactNodeBuiltins,
      ),
    },
  },
);
