import type { Host } from '../../../contract';
import { LocalFolderStore } from './local-folder';
import { S3BucketStore, type S3Access } from './s3-bucket';
import { SshFolderStore, type SshStoreDeps } from './ssh-folder';
import type { BackupStore } from './store';
import { parseDestination } from './url';

export interface StoreDeps extends SshStoreDeps {
  host(idOrName: string): Host;
  s3(account: string): S3Access;
}

/** The store behind a destination URL. */
export function openStore(url: string, deps: StoreDeps): BackupStore {
  const dest = parseDestination(url);
  switch (dest.kind) {
    case 'file':
      return new LocalFolderStore(dest);
    case 'ssh':
      return new SshFolderStore(dest, deps.host(dest.host), deps);
    case 's3':
      return new S3BucketStore(dest, deps.s3(dest.account));
  }
}
