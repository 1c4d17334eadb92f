import { fromIni } from '@aws-sdk/credential-provider-ini';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { OpsdeckError, type AwsAccount } from '../../contract';
import type { Vault } from '../secrets/vault';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
/** The SDK calls the provider with its identity properties (region for nested STS/SSO clients). */
export type CredentialsProvider = (properties?: Record<string, unknown>) => Promise<Credentials>;

/** Refresh five minutes before expiry, like the SDK does. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * Share one resolution between every client of an account (one region each): an assume-role
 * or SSO exchange happens once, not once per region; a failure is not remembered.
 */
export function memoizeCredentials(provider: CredentialsProvider): CredentialsProvider {
  let current: Promise<Credentials> | undefined;
  const fresh = (properties?: Record<string, unknown>) => {
    const attempt = provider(properties);
    current = attempt;
    attempt.catch(() => {
      if (current === attempt) current = undefined;
    });
    return attempt;
  };
  return (properties) => {
    if (!current) return fresh(properties);
    return current.then((c) =>
      !c.expiration || c.expiration.getTime() - Date.now() > EXPIRY_MARGIN_MS
        ? c
        : fresh(properties),
    );
  };
}

export interface CredentialDeps {
  vault: Vault;
  /** Asks the user for an MFA code (assume-role profiles with mfa_serial): a prompt event. */
  askMfaCode?: (profile: string, mfaSerial: string) => Promise<string>;
}

/**
 * The credentials of an account:
 * - `default-chain`: the SDK's Node chain (env, SSO cache, web identity, ~/.aws files, process,
 *   container and instance metadata), exactly as the AWS CLI would resolve them;
 * - `profile`: one named profile from ~/.aws/config / ~/.aws/credentials, including SSO
 *   (`sso_session` / `sso_start_url`), assume-role (`role_arn` + `source_profile` /
 *   `credential_source`, MFA through a prompt), `credential_process` and web identity;
 * - `access-key`: an access key id with its secret read from the vault on use.
 */
export function credentialsFor(account: AwsAccount, deps: CredentialDeps): CredentialsProvider {
  switch (account.auth) {
    case 'default-chain':
      return defaultProvider();
    case 'profile': {
      const profile = account.profile ?? 'default';
      const ask = deps.askMfaCode;
      return fromIni({
        profile,
        ...(ask ? { mfaCodeProvider: (serial: string) => ask(profile, serial) } : {}),
      });
    }
    case 'access-key': {
      const { accessKeyId, secretRef } = account;
      return async () => {
        if (!accessKeyId || !secretRef) {
          throw new OpsdeckError(
            'AWS_CREDENTIALS_MISSING',
            `Account ${account.name} has no access key stored.`,
            'Remove the account and add it again with its access key id and secret key.',
          );
        }
        return { accessKeyId, secretAccessKey: await deps.vault.get(secretRef) };
      };
    }
  }
}
