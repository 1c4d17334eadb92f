import { createHash } from 'node:crypto';

/**
 * Host-key identity helpers. A key blob is the SSH wire encoding of a public key (what the server
 * sends during key exchange, and the base64 field of a known_hosts / authorized_keys line).
 */

/** `SHA256:<unpadded base64>`, exactly as `ssh-keygen -lf` and OpenSSH's prompts print it. */
export function fingerprintOf(blob: Buffer | string): string {
  const bytes = typeof blob === 'string' ? Buffer.from(blob, 'base64') : blob;
  const digest = createHash('sha256').update(bytes).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** The key type named inside the blob (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) throw new Error('Malformed SSH public key: too short');
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) {
    throw new Error('Malformed SSH public key: bad type length');
  }
  const type = blob.subarray(4, 4 + len).toString('latin1');
  if (!/^[\x21-\x7e]+$/.test(type)) throw new Error('Malformed SSH public key: bad type name');
  return type;
}

/** Like {@link keyTypeOf} but returns undefined for anything that is not a key blob. */
export function tryKeyTypeOf(blob: Buffer): string | undefined {
  try {
    return keyTypeOf(blob);
  } catch {
    return undefined;
  }
}

/** Host-key algorithms to offer for a known key type (RSA keys are signed with SHA-2 first). */
export function hostKeyAlgorithmsFor(keyType: string): string[] {
  if (keyType === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [keyType];
}
