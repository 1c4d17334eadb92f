import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateKeyPairCommand,
  DeleteKeyPairCommand,
  ImportKeyPairCommand,
} from '@aws-sdk/client-ec2';
import { OpsdeckError } from '../../../contract';
import { listKeyPairs } from '../resources/key-pairs';
import { audited, type ActionContext } from './action-context';
import { requireConfirmation } from './confirm';

const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]/g, '_');

/** `<dataDir>/keys/<account>-<region>-<keyName>.pem` */
export const keyPathFor = (ctx: ActionContext, keyName: string) =>
  join(ctx.keysDir, `${safe(ctx.account.name)}-${safe(ctx.region)}-${safe(keyName)}.pem`);

/**
 * Create a key pair and save its private key with mode 0600 into Opsdeck's key store (the only
 * moment EC2 hands it out). If the key cannot be saved the pair is deleted again, so no pair
 * exists whose private key is lost.
 */
export async function createKeyPair(
  ctx: ActionContext,
  keyName: string,
  keyType: 'rsa' | 'ed25519',
) {
  const keyPath = keyPathFor(ctx, keyName);
  if (existsSync(keyPath)) {
    throw new OpsdeckError(
      'CONFLICT',
      `A private key file for "${keyName}" already exists: ${keyPath}`,
      'Pick another key name, or move the old file away first.',
    );
  }
  return audited(
    ctx,
    {
      action: 'ec2.keyPairs.create',
      operation: 'CreateKeyPair',
      resource: keyName,
      detail: `create key pair ${keyName} (${keyType}) → ${keyPath}`,
    },
    async (client) => {
      const out = await client.send(
        new CreateKeyPairCommand({ KeyName: keyName, KeyType: keyType, KeyFormat: 'pem' }),
      );
      try {
        await mkdir(ctx.keysDir, { recursive: true, mode: 0o700 });
        await writeFile(keyPath, ensureNewline(out.KeyMaterial ?? ''), {
          mode: 0o600,
          flag: 'wx',
        });
      } catch (err) {
        await client.send(new DeleteKeyPairCommand({ KeyName: keyName })).catch(() => undefined);
        throw new OpsdeckError(
          'INTERNAL',
          `Could not save the private key of "${keyName}" to ${keyPath}: ${(err as Error).message}`,
          'The key pair was deleted again. Check the data folder is writable, then retry.',
          { cause: err },
        );
      }
      return {
        keyName: out.KeyName ?? keyName,
        keyPairId: out.KeyPairId ?? '',
        fingerprint: out.KeyFingerprint ?? '',
        keyPath,
      };
    },
  );
}

const ensureNewline = (pem: string) => (pem.endsWith('\n') ? pem : `${pem}\n`);

const PUBLIC_KEY = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$/;

/** Import an OpenSSH public key (one line, `ssh-ed25519 AAAA… comment`). */
export async function importKeyPair(ctx: ActionContext, keyName: string, publicKey: string) {
  const line = publicKey.trim();
  if (!PUBLIC_KEY.test(line)) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      'That does not look like an OpenSSH public key.',
      'Paste one line such as "ssh-ed25519 AAAA… you@host" (the .pub file), never the private key.',
    );
  }
  const out = await audited(
    ctx,
    {
      action: 'ec2.keyPairs.import',
      operation: 'ImportKeyPair',
      resource: keyName,
      detail: `import public key ${keyName} (${line.split(' ')[0]})`,
    },
    (client) =>
      client.send(
        new ImportKeyPairCommand({
          KeyName: keyName,
          PublicKeyMaterial: new TextEncoder().encode(line),
        }),
      ),
  );
  return {
    keyName: out.KeyName ?? keyName,
    keyPairId: out.KeyPairId ?? '',
    fingerprint: out.KeyFingerprint ?? '',
  };
}

/** Delete a key pair (instances launched with it keep accepting the key). */
export async function deleteKeyPair(ctx: ActionContext, keyName: string, confirm?: string) {
  const [pair] = await listKeyPairs(ctx, [keyName]);
  requireConfirmation({
    confirm,
    accepted: [keyName, pair?.keyPairId ?? ''],
    action: `Deleting key pair ${keyName} in ${ctx.account.name}/${ctx.region}`,
    typeWhat: 'the key pair name',
  });
  await audited(
    ctx,
    {
      action: 'ec2.keyPairs.delete',
      operation: 'DeleteKeyPair',
      resource: keyName,
      detail: `delete key pair ${keyName}`,
    },
    (client) => client.send(new DeleteKeyPairCommand({ KeyName: keyName })),
  );
  return { results: [{ region: ctx.region, resourceId: keyName, detail: 'deleted' }] };
}
