/** Types of build-options.mjs (plain JS so that build-main.mjs runs under node without a loader). */
export function isReleaseBuild(env?: Record<string, string | undefined>): boolean;
export function mainBuildOptions(env?: Record<string, string | undefined>): {
  readonly bundle: true;
  readonly platform: 'node';
  readonly target: 'node20';
  readonly format: 'cjs';
  readonly packages: 'external';
  readonly sourcemap: boolean;
  readonly logLevel: 'warning';
  readonly define: Record<string, string>;
  readonly banner: { readonly js: string };
};
