/** SSH layer of the core: host-key trust, connections, exec, the pool, OpenSSH file parsers. */
export { fingerprintOf, keyTypeOf } from './fingerprint';
export {
  parseKnownHosts,
  lookup,
  isRevoked,
  hashHostName,
  readKnownHostsFiles,
  type KnownHostsEntry,
  type KnownKey,
} from './known-hosts-file';
export {
  HostKeyTrust,
  type HostKeyCheck,
  type HostKeyTarget,
  type HostKeyTrustOptions,
  type TrustLevel,
  type AuditHook,
} from './host-key-trust';
export { mapConnectError, type ConnectErrorContext } from './connect-errors';
export { openConnection, connectHost, type ConnectDeps, type Connection } from './connect';
export { scanHostKey, type ScannedKey } from './keyscan';
export { execCommand, ChannelOpenError, type ExecOptions, type ExecResult } from './exec';
export { SshPool, type SshPoolOptions, type ProbeResult, type Lease } from './ssh-pool';
export {
  parseSshConfig,
  readSshConfig,
  type SshConfigHost,
  type SshConfigOptions,
} from './ssh-config';
