// @ts-check
/** SSH key pairs (made with ssh-keygen) and their public halves as the inventory records them. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runOrThrow } from './proc.mjs';

/**
 * Generates an unencrypted key pair at `file` / `file.pub` unless it exists already.
 * @param {string} file
 * @param {string} type ssh-keygen -t value: ed25519 or rsa
 * @param {string} comment
 */
export async function ensureKeyPair(file, type, comment) {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const size = type === 'rsa' ? ['-b', '2048'] : []; // 2048: 3x faster to make than 3072, plenty for a lab
  await runOrThrow(
    'ssh-keygen',
    ['-q', '-t', type, ...size, '-N', '', '-C', comment, '-f', file],
    `ssh-keygen for ${file}`,
  );
}

/**
 * The public key next to private key `file`: algorithm, base64 blob and OpenSSH fingerprint.
 * @param {string} file
 */
export function readPublicKey(file) {
  const [type = '', publicKey = ''] = fs.readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  return { type, publicKey, fingerprint: fingerprint(publicKey) };
}

/**
 * "SHA256:" + unpadded base64 of the SHA-256 of the key blob, as `ssh-keygen -l` prints it.
 * @param {string} publicKey base64 blob
 */
function fingerprint(publicKey) {
  const digest = createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
