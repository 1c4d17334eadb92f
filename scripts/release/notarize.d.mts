type Credentials =
  | { appleApiKey: string; appleApiKeyId: string; appleApiIssuer: string }
  | { appleId: string; appleIdPassword: string; teamId: string }
  | { keychainProfile: string; keychain?: string };
export function notarizeCredentials(
  env: Record<string, string | undefined>,
): Credentials | undefined;
export default function notarizeHook(
  context: {
    electronPlatformName: string;
    appOutDir: string;
    packager: { appInfo: { productFilename: string } };
  },
  env?: Record<string, string | undefined>,
): Promise<void>;
