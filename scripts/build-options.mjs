// @ts-check
/**
 * Development and release builds. A release build (`OPSDECK_RELEASE=1`, set by `npm run dist`)
 * ships no source maps: the packaged app carries only what runs. `npm run build` (start, tests)
 * keeps them for stack traces and debugging.
 */

/** @param {Record<string, string | undefined>} env */
export function isReleaseBuild(env = process.env) {
  return env.OPSDECK_RELEASE === '1';
}

/**
 * esbuild options shared by the main-process bundles (CLI, Electron main, preload).
 * Dependencies stay external (native modules, electron); contract/core/server are bundled.
 * CommonJS: several dependencies (ssh2, mysql2) are CommonJS packages whose named exports
 * Node's ESM loader cannot see.
 * @param {Record<string, string | undefined>} env
 */
export function mainBuildOptions(env = process.env) {
  return /** @type {const} */ ({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: !isReleaseBuild(env),
    logLevel: 'warning',
    // `import.meta.url` in the sources keeps working in the CommonJS bundle.
    define: { 'import.meta.url': '__opsdeckImportMetaUrl', 'import.meta.dirname': '__dirname' },
    banner: {
      js: "const __opsdeckImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    },
  });
}
