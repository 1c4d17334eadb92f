import { describe, expect, it, vi } from 'vitest';
import notarizeHook, { notarizeCredentials } from './notarize.mjs';

describe('the notarize hook (electron-builder afterSign)', () => {
  it('has no credentials in an empty environment, and does nothing', async () => {
    expect(notarizeCredentials({})).toBeUndefined();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await notarizeHook(
      {
        electronPlatformName: 'darwin',
        appOutDir: '/x',
        packager: { appInfo: { productFilename: 'Opsdeck' } },
      },
      {},
    );
    expect(log).toHaveBeenCalledWith(expect.stringContaining('notarize: skipped'));
    log.mockRestore();
  });

  it('reads each complete credential set', () => {
    expect(
      notarizeCredentials({
        APPLE_API_KEY: '/k.p8',
        APPLE_API_KEY_ID: 'K1',
        APPLE_API_ISSUER: 'I1',
      }),
    ).toEqual({
      appleApiKey: '/k.p8',
      appleApiKeyId: 'K1',
      appleApiIssuer: 'I1',
    });
    expect(
      notarizeCredentials({
        APPLE_ID: 'a@b.c',
        APPLE_APP_SPECIFIC_PASSWORD: 'p',
        APPLE_TEAM_ID: 'T',
      }),
    ).toEqual({ appleId: 'a@b.c', appleIdPassword: 'p', teamId: 'T' });
    expect(notarizeCredentials({ APPLE_KEYCHAIN_PROFILE: 'opsdeck' })).toEqual({
      keychainProfile: 'opsdeck',
    });
  });

  it('refuses an incomplete set instead of silently skipping notarization', () => {
    expect(() => notarizeCredentials({ APPLE_ID: 'a@b.c', APPLE_TEAM_ID: 'T' })).toThrow(
      /incomplete: set APPLE_APP_SPECIFIC_PASSWORD/,
    );
  });

  it('only runs for macOS builds', async () => {
    await expect(
      notarizeHook(
        {
          electronPlatformName: 'linux',
          appOutDir: '/x',
          packager: { appInfo: { productFilename: 'Opsdeck' } },
        },
        { APPLE_ID: 'only-part' },
      ),
    ).resolves.toBeUndefined();
  });
});
