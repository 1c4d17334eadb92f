import { hostKeyAlgorithmsFor } from './fingerprint';

/** ssh2's supported host-key algorithms, most preferred first (its documented default order). */
export const DEFAULT_HOST_KEY_ORDER = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

const supported = (a: string) => DEFAULT_HOST_KEY_ORDER.includes(a) || a === 'ssh-dss';

/**
 * Every supported algorithm, those of `preferTypes` first. For reading the key a server presents
 * (keyscan before "Replace host key"), never for a connection that authenticates.
 */
export function hostKeyOrder(preferTypes: readonly string[]): string[] {
  const preferred = preferTypes.flatMap(hostKeyAlgorithmsFor);
  return [...new Set([...preferred, ...DEFAULT_HOST_KEY_ORDER])].filter(supported);
}

/**
 * The host-key algorithms a connection offers in the key exchange. When any key is recorded for
 * the host, ONLY the recorded types: a server (or a man-in-the-middle) cannot pick a type Opsdeck
 * has no key for and turn a changed host into an "unknown key" question. With nothing recorded,
 * every supported type.
 *
 * If no recorded type is one ssh2 can use (e.g. only an sk- or certificate key is known), the list
 * would be empty, which ssh2 reads as "its defaults"; the full list is offered then and
 * HostKeyTrust.verify refuses whatever other type arrives as changed.
 */
export function offeredHostKeyAlgorithms(knownTypes: readonly string[]): string[] {
  const only = [...new Set(knownTypes.flatMap(hostKeyAlgorithmsFor))].filter(supported);
  return only.length ? only : [...DEFAULT_HOST_KEY_ORDER];
}

/** ssh2's fatal handshake error when the server has none of the offered host-key algorithms. */
export function isNoCommonHostKeyType(err: unknown): boolean {
  return err instanceof Error && /no matching host key format/i.test(err.message);
}
