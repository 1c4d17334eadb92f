// @ts-check
/**
 * electron-builder `afterSign` hook: notarize the signed macOS app with Apple's notary service,
 * only when credentials are set (a local or fork build without them is signed, or not, and left
 * alone). Credentials, from the environment (docs/release.md):
 *   APPLE_API_KEY (path to the .p8), APPLE_API_KEY_ID, APPLE_API_ISSUER   — App Store Connect API key
 *   APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID                  — Apple ID
 *   APPLE_KEYCHAIN_PROFILE (and optionally APPLE_KEYCHAIN)                — notarytool keychain profile
 * A set given only in part is an error: a release must not skip notarization by a typo.
 */
import path from 'node:path';

const SETS = /** @type {const} */ ([
  ['api key', ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']],
  ['apple id', ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']],
  ['keychain profile', ['APPLE_KEYCHAIN_PROFILE']],
]);

/**
 * The @electron/notarize credentials the environment holds, or undefined when it holds none.
 * @param {Record<string, string | undefined>} env
 */
export function notarizeCredentials(env) {
  for (const [name, keys] of SETS) {
    const present = keys.filter((k) => env[k]);
    if (present.length && present.length < keys.length)
      throw new Error(
        `notarize: the ${name} credentials are incomplete: set ${keys.filter((k) => !env[k]).join(', ')} too (or none of ${keys.join(', ')}).`,
      );
  }
  if (env.APPLE_API_KEY)
    return {
      appleApiKey: env.APPLE_API_KEY,
      appleApiKeyId: /** @type {string} */ (env.APPLE_API_KEY_ID),
      appleApiIssuer: /** @type {string} */ (env.APPLE_API_ISSUER),
    };
  if (env.APPLE_ID)
    return {
      appleId: env.APPLE_ID,
      appleIdPassword: /** @type {string} */ (env.APPLE_APP_SPECIFIC_PASSWORD),
      teamId: /** @type {string} */ (env.APPLE_TEAM_ID),
    };
  if (env.APPLE_KEYCHAIN_PROFILE)
    return {
      keychainProfile: env.APPLE_KEYCHAIN_PROFILE,
      ...(env.APPLE_KEYCHAIN ? { keychain: env.APPLE_KEYCHAIN } : {}),
    };
  return undefined;
}

/**
 * @param {{ electronPlatformName: string, appOutDir: string,
 *   packager: { appInfo: { productFilename: string } } }} context
 */
export default async function notarizeHook(context, env = process.env) {
  if (context.electronPlatformName !== 'darwin') return;
  const credentials = notarizeCredentials(env);
  if (!credentials) {
    console.log('notarize: skipped (no Apple notarization credentials in the environment)');
    return;
  }
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  console.log(`notarize: submitting ${appPath} to Apple's notary service`);
  const { notarize } = await import('@electron/notarize');
  await notarize({ appPath, ...credentials });
  console.log('notarize: done (stapled)');
}
