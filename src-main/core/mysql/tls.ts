import { readFileSync } from 'node:fs';
import { connect, isIP, type Socket } from 'node:net';
import type { ConnectionOptions } from 'mysql2';
import { OpsdeckError, type MysqlSettings } from '../../contract';

/**
 * Verified TLS for a direct MySQL login (issue 12 #4): mysql2's `ssl` with the CA file, the
 * certificate chain checked (`rejectUnauthorized`) and the host name checked (`verifyIdentity`:
 * the address against the certificate's IP/DNS names, or `tlsServerName`). Without `caFile` the
 * system's CAs are used. Through an SSH tunnel there is no TLS: SSH already encrypts it.
 */
export function tlsConnectionOptions(
  mysql: Pick<MysqlSettings, 'tls' | 'caFile' | 'tlsServerName' | 'via'>,
  address: string,
  port: number,
  hostName: string,
): Partial<ConnectionOptions> {
  if (mysql.tls !== 'verify' || mysql.via !== 'direct') return {};
  let ca: Buffer | undefined;
  if (mysql.caFile) {
    try {
      ca = readFileSync(mysql.caFile);
    } catch (err) {
      throw new OpsdeckError(
        'MYSQL_TLS_FAILED',
        `Cannot read the CA file ${mysql.caFile} for ${hostName}'s MySQL TLS: ${(err as Error).message}.`,
        `Check the path in ${hostName}'s MySQL settings (caFile): a PEM file with the CA that signed the server's certificate.`,
        { cause: err },
      );
    }
  }
  const ssl = { ...(ca ? { ca } : {}), rejectUnauthorized: true, verifyIdentity: true };
  const name = mysql.tlsServerName ?? address;
  // Our own socket to the address; mysql2 upgrades it to TLS in the protocol's handshake.
  const stream: Socket & { _host?: string } = connect({ host: address, port });
  if (isIP(name)) {
    // mysql2 sends no name for an IP address, and Node then checks the certificate against the
    // socket's `_host` — which Node sets only for DNS names ('localhost' otherwise). Give it the IP
    // so that the certificate's IP names are checked (mysql2 #2177: no checkServerIdentity option).
    stream._host = name;
    return { ssl, stream };
  }
  // A DNS name (the certificate's, when the address is not in it): mysql2 verifies `host`.
  return { ssl, host: name, stream };
}

/** Node/OpenSSL codes of a TLS failure (certificate chain, name, protocol). */
export function isTlsFailure(code: string | undefined, message: string): boolean {
  return (
    /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL|HANDSHAKE_NO_SSL_SUPPORT/.test(code ?? '') ||
    /certificate|does not support secure connection|SSL routines/i.test(message)
  );
}
