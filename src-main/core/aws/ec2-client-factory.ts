import { EC2Client } from '@aws-sdk/client-ec2';
import type { AwsAccount } from '../../contract';
import { memoizeCredentials, type CredentialsProvider } from './credentials';

export interface ClientFactoryOptions {
  credentials(account: AwsAccount): CredentialsProvider;
  /** Total attempts per call, the first included (adaptive retry backs off on throttling). */
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** The endpoint of an account in a region: `{region}` in a custom endpoint is replaced. */
export function endpointFor(account: AwsAccount, region: string): string | undefined {
  return account.endpoint?.replaceAll('{region}', region);
}

/**
 * One EC2Client per account and region, created on first use and kept (clients hold sockets
 * and the adaptive retry's rate limiter, which must be shared by every call to that region).
 */
export class Ec2ClientFactory {
  private readonly clients = new Map<string, EC2Client>();
  private readonly credentials = new Map<string, CredentialsProvider>();

  constructor(private readonly options: ClientFactoryOptions) {}

  client(account: AwsAccount, region: string): EC2Client {
    const key = `${account.id}\n${region}`;
    let client = this.clients.get(key);
    if (!client) {
      const endpoint = endpointFor(account, region);
      client = new EC2Client({
        region,
        credentials: this.credentialsOf(account),
        retryMode: 'adaptive',
        maxAttempts: this.options.maxAttempts ?? 6,
        ...(endpoint ? { endpoint } : {}),
        requestHandler: {
          connectionTimeout: this.options.connectionTimeoutMs ?? 5_000,
          requestTimeout: this.options.requestTimeoutMs ?? 60_000,
        },
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Drop the clients of an account (removed or changed). */
  forget(accountId: string): void {
    for (const [key, client] of this.clients) {
      if (key.startsWith(`${accountId}\n`)) {
        client.destroy();
        this.clients.delete(key);
      }
    }
    this.credentials.delete(accountId);
  }

  destroyAll(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.credentials.clear();
  }

  /** One provider per account, shared by its regions (so SSO/assume-role resolve once). */
  private credentialsOf(account: AwsAccount): CredentialsProvider {
    let provider = this.credentials.get(account.id);
    if (!provider) {
      provider = memoizeCredentials(this.options.credentials(account));
      this.credentials.set(account.id, provider);
    }
    return provider;
  }
}
