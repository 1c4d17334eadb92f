import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { OpsdeckError } from '../../contract/errors';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
/** A CA bundle larger than this is not a CA bundle (the RDS global bundle is ~170 KiB). */
const MAX_BYTES = 4 * 1024 * 1024;

const invalid = (message: string, hint: string) =>
  new OpsdeckError('INVALID_PARAMS', message, hint);

/**
 * Checks the CA file of a direct MySQL login with verified TLS when it is set: an absolute path
 * to a readable file on this machine holding at least one PEM certificate, each one parseable.
 * Returns how many certificates it holds. Saved settings that name a file Opsdeck cannot use
 * would only fail later, at 1 AM, as "TLS failed"; this says it when the login is set.
 */
export function checkCaFile(path: string, hostName: string): number {
  const hint = `Give ${hostName}'s MySQL login the path of a PEM file on this machine holding the CA certificate that signed the server's certificate (e.g. your CA's ca.pem or the RDS bundle), or leave the CA file empty to use the system's CAs.`;
  if (!isAbsolute(path)) throw invalid(`The CA file ${path} is not an absolute path.`, hint);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw invalid(`The CA file ${path} is not a file.`, hint);
    size = st.size;
  } catch (err) {
    if (err instanceof OpsdeckError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw invalid(
      code === 'ENOENT'
        ? `The CA file ${path} does not exist.`
        : `Cannot read the CA file ${path}: ${(err as Error).message}.`,
      hint,
    );
  }
  if (size > MAX_BYTES)
    throw invalid(`The CA file ${path} is ${size} bytes: too large for a CA bundle.`, hint);
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (err) {
    throw invalid(`Cannot read the CA file ${path}: ${(err as Error).message}.`, hint);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (!blocks.length)
    throw invalid(
      `The CA file ${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block).`,
      `${hint} A DER file converts with: openssl x509 -inform der -in ca.der -out ca.pem`,
    );
  blocks.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch (err) {
      throw invalid(
        `Certificate ${i + 1} of ${blocks.length} in the CA file ${path} is damaged: ${(err as Error).message}.`,
        hint,
      );
    }
  });
  return blocks.length;
}
