/**
 * What a door needs to reach a core without loading one: attach to the data folder's running
 * core over its local socket, the default data folder, the version. Light on purpose (no
 * contract schemas, no core areas): the CLI's attached path and the Electron main process import
 * only this and the contract; `compose.ts` is the other door entry, for running a core.
 */
export {
  attachLocalCore,
  AttachError,
  type AttachOptions,
  type LocalConnection,
} from './local/local-client';
export { defaultDataDir } from '../core/data-dir';
export { version } from './version';
export type { SafeStorageLike } from '../core/secrets/safe-storage-vault';
