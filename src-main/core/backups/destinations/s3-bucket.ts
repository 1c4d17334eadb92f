import { PassThrough, type Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { OpsdeckError, type AwsAccount } from '../../../contract';
import type { CredentialsProvider } from '../../aws/credentials';
import type { BackupStore, StoreReader, StoreWriter } from './store';
import type { Destination } from './url';

type S3Dest = Extract<Destination, { kind: 's3' }>;

export interface S3Access {
  account: AwsAccount;
  provider: CredentialsProvider;
}

/** 16 MiB parts: a 160 GiB backup stays under S3's 10,000-part limit; 4 in flight = 64 MiB of memory. */
export const PART_SIZE = 16 * 1024 * 1024;
export const QUEUE_SIZE = 4;

/**
 * An S3 prefix (AWS, or any S3-compatible endpoint): multipart upload of the stream
 * (`@aws-sdk/lib-storage` Upload), optional server-side encryption, the account's credentials.
 * A failed or cancelled upload is aborted (AbortMultipartUpload): no parts are left behind.
 */
export class S3BucketStore implements BackupStore {
  private readonly client: S3Client;

  constructor(
    readonly dest: S3Dest,
    private readonly access: S3Access,
    extra: Partial<S3ClientConfig> = {},
  ) {
    this.client = new S3Client({
      region: dest.region ?? access.account.defaultRegion,
      credentials: access.provider,
      ...(dest.endpoint ? { endpoint: dest.endpoint, forcePathStyle: true } : {}),
      maxAttempts: 3,
      ...extra,
    });
  }

  private key(name: string) {
    return this.dest.prefix ? `${this.dest.prefix}/${name}` : name;
  }

  async write(name: string): Promise<StoreWriter> {
    const body = new PassThrough({ highWaterMark: 1024 * 1024 });
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.dest.bucket,
        Key: this.key(name),
        Body: body,
        ...(this.dest.sse ? { ServerSideEncryption: this.dest.sse } : {}),
        ...(this.dest.kmsKeyId ? { SSEKMSKeyId: this.dest.kmsKeyId } : {}),
      },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    // A rejected upload stops reading its body: fail the writer so the stream does not stall.
    const done = upload.done().then(
      () => undefined,
      (err: unknown) => {
        body.destroy(err instanceof Error ? err : new Error(String(err)));
        throw err;
      },
    );
    done.catch(() => undefined);
    return {
      stream: body,
      commit: async () => {
        body.end();
        try {
          await done;
        } catch (err) {
          throw this.mapError(err, `upload ${this.key(name)}`);
        }
      },
      abort: async () => {
        await upload.abort().catch(() => undefined);
        body.destroy();
        await done.catch(() => undefined);
      },
      explain: async (err) => {
        const cause = await done.then(
          () => err,
          (e: unknown) => e,
        );
        return this.mapError(cause, `upload ${this.key(name)}`);
      },
    };
  }

  async read(name: string, signal?: AbortSignal): Promise<StoreReader> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.dest.bucket, Key: this.key(name) }),
        signal ? { abortSignal: signal } : {},
      );
      const stream = out.Body as Readable;
      const done = new Promise<void>((resolve, reject) => {
        stream.once('end', resolve);
        stream.once('error', reject);
        stream.once('close', resolve);
      });
      return { stream, done };
    } catch (err) {
      throw this.mapError(err, `read ${this.key(name)}`);
    }
  }

  async remove(name: string) {
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.dest.bucket, Key: this.key(name) }),
      );
    } catch (err) {
      throw this.mapError(err, `delete ${this.key(name)}`);
    }
  }

  async size(name: string) {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.dest.bucket, Key: this.key(name) }),
      );
      return head.ContentLength;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) return undefined;
      throw this.mapError(err, `look up ${this.key(name)}`);
    }
  }

  async freeBytes() {
    return undefined;
  }

  destroy() {
    this.client.destroy();
  }

  /** S3's answer as `{ code, message, hint }` naming the bucket and the account. */
  mapError(err: unknown, what: string): OpsdeckError {
    if (err instanceof OpsdeckError) return err;
    const e = (typeof err === 'object' && err ? err : {}) as {
      name?: string;
      Code?: string;
      message?: string;
      code?: string;
    };
    const code = e.Code ?? e.name ?? e.code ?? 'Error';
    const where = `s3://${this.dest.bucket}${this.dest.endpoint ? ` at ${this.dest.endpoint}` : ''}`;
    const account = this.access.account.name;
    if (
      [
        'InvalidAccessKeyId',
        'SignatureDoesNotMatch',
        'ExpiredToken',
        'AccessDenied',
        'InvalidToken',
      ].includes(code)
    )
      return new OpsdeckError(
        'AWS_UNAUTHORIZED',
        `S3 refused account ${account}'s credentials to ${what} in ${where} (${code}: ${e.message ?? ''}).`,
        `Check account ${account}'s access key (or profile) and its S3 permissions on the bucket (s3:PutObject, GetObject, DeleteObject, multipart), then run again.`,
      );
    if (code === 'NoSuchBucket')
      return new OpsdeckError(
        'AWS_NOT_FOUND',
        `Bucket ${this.dest.bucket} does not exist${this.dest.endpoint ? ` at ${this.dest.endpoint}` : ''} (account ${account}).`,
        'Create the bucket (or fix the name in the destination URL), then run again.',
      );
    if (code === 'AbortError')
      return new OpsdeckError(
        'CANCELLED',
        `The S3 ${what} was cancelled.`,
        'Run it again when ready.',
      );
    if (
      ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'TimeoutError', 'NetworkingError'].includes(code)
    )
      return new OpsdeckError(
        'AWS_ENDPOINT_UNREACHABLE',
        `Could not reach ${where} to ${what}: ${e.message ?? code}.`,
        'Check the endpoint URL and the network, then run again.',
      );
    return new OpsdeckError(
      'BACKUP_DESTINATION_UNAVAILABLE',
      `S3 could not ${what} in ${where}: ${code}${e.message ? `: ${e.message}` : ''}.`,
      'Check the bucket, its region and the account’s permissions, then run again.',
    );
  }
}
