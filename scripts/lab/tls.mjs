// @ts-check
/**
 * TLS for the lab's MariaDB servers, made with openssl: one lab CA (`<lab>/tls/ca.pem`, recorded in
 * inventory.json as `tlsCa`) and per host a server certificate for its address and name
 * (subjectAltName IP:<address>, DNS:db<N>) in the host's /etc/mysql/tls. Clients that verify
 * (Opsdeck's `tls: 'verify'`) trust the lab CA and check the name. Made once, kept across `up`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { progress } from './log.mjs';
import { runOrThrow } from './proc.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */

/** Where the server's TLS files are as the host sees them (its /etc/mysql is etc-mysql). */
export const TLS_IN_HOST = {
  ca: '/etc/mysql/tls/ca.pem',
  cert: '/etc/mysql/tls/server.pem',
  key: '/etc/mysql/tls/server.key',
};

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** @param {Lab} lab */
export function labCa(lab) {
  const dir = path.join(lab.dir, 'tls');
  return { dir, cert: path.join(dir, 'ca.pem'), key: path.join(dir, 'ca.key') };
}

/** CAs being made, by lab dir: hosts start in parallel and must share one CA, not race to make it. */
/** @type {Map<string, Promise<ReturnType<typeof labCa>>>} */
const making = new Map();

/**
 * The lab CA, made on first use (once, even when several hosts ask at the same time).
 * @param {Lab} lab
 */
export function ensureLabCa(lab) {
  const ca = labCa(lab);
  if (fs.existsSync(ca.cert) && fs.existsSync(ca.key)) return Promise.resolve(ca);
  let pending = making.get(ca.dir);
  if (!pending) {
    pending = makeLabCa(lab, ca).finally(() => making.delete(ca.dir));
    making.set(ca.dir, pending);
  }
  return pending;
}

/**
 * @param {Lab} lab
 * @param {ReturnType<typeof labCa>} ca
 */
async function makeLabCa(lab, ca) {
  fs.mkdirSync(ca.dir, { recursive: true, mode: 0o700 });
  await runOrThrow(
    'openssl',
    [
      'req',
      '-x509',
      ...EC,
      '-days',
      '3650',
      '-keyout',
      ca.key,
      '-out',
      ca.cert,
      '-subj',
      `/CN=Opsdeck lab CA ${path.basename(lab.dir)} ${randomBytes(3).toString('hex')}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    'openssl: the lab CA',
  );
  fs.chmodSync(ca.key, 0o600);
  progress(`lab CA made: ${ca.cert}`);
  return ca;
}

/**
 * The host's server certificate (signed by the lab CA) and a copy of the CA, in its /etc/mysql/tls,
 * readable by the mysql user. Returns whether they were made now (a running server must restart).
 * @param {Lab} lab
 * @param {Host} host
 * @param {{ uid: number, gid: number }} mysqlUser
 */
export async function ensureServerCert(lab, host, mysqlUser) {
  const dir = path.join(host.etcMysql, 'tls');
  const cert = path.join(dir, 'server.pem');
  const key = path.join(dir, 'server.key');
  if (fs.existsSync(cert) && fs.existsSync(key)) return false;
  const ca = await ensureLabCa(lab);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const csr = path.join(dir, 'server.csr');
  const ext = path.join(dir, 'server.ext');
  fs.writeFileSync(
    ext,
    `subjectAltName=IP:${host.address},DNS:${host.name}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`,
  );
  await runOrThrow(
    'openssl',
    ['req', '-new', ...EC, '-keyout', key, '-out', csr, '-subj', `/CN=${host.name}`],
    `openssl: the key of ${host.name}`,
  );
  await runOrThrow(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '825',
      '-extfile',
      ext,
      '-out',
      cert,
    ],
    `openssl: the certificate of ${host.name}`,
  );
  fs.rmSync(csr, { force: true });
  fs.rmSync(ext, { force: true });
  fs.copyFileSync(ca.cert, path.join(dir, 'ca.pem'));
  fs.chmodSync(key, 0o600);
  for (const f of [cert, key, path.join(dir, 'ca.pem')])
    fs.chownSync(f, mysqlUser.uid, mysqlUser.gid);
  progress(`${host.name}: TLS certificate for ${host.address} / ${host.name} made`);
  return true;
}
