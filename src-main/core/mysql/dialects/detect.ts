import type { MysqlFlavor } from '../../../contract';
import { atLeast, type Dialect, type Version } from './dialect';
import { mariadbDialect } from './mariadb';
import { mysql57Dialect } from './mysql57';
import { mysql8Dialect } from './mysql8';

export interface DetectedServer {
  flavor: MysqlFlavor;
  version: Version;
}

/** Flavor and numeric version from @@version and @@version_comment. */
export function detectServer(versionString: string, versionComment = ''): DetectedServer {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(versionString);
  if (!m) throw new Error(`Cannot read a MySQL version from "${versionString}"`);
  const version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  const both = `${versionString} ${versionComment}`;
  const flavor: MysqlFlavor = /mariadb/i.test(both)
    ? 'mariadb'
    : /percona/i.test(both)
      ? 'percona'
      : 'mysql';
  return { flavor, version };
}

/** DESIGN rule 7: the dialect object for a detected server. */
export function dialectFor(server: DetectedServer): Dialect {
  if (server.flavor === 'mariadb') return mariadbDialect(server.version);
  return atLeast(server.version, 8, 0, 22)
    ? mysql8Dialect(server.version, server.flavor)
    : mysql57Dialect(server.version, server.flavor);
}

export function dialectOf(versionString: string, versionComment = ''): Dialect {
  return dialectFor(detectServer(versionString, versionComment));
}
