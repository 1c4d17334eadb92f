import type { Host } from '../../../contract';
import type { S3Access } from './s3-bucket';
import type { SshStoreDeps } from './ssh-folder';
import type { BackupStore } from './store';
import { parseDestination } from './url';

/** What the destinations need, each loaded only for a destination of its kind. */
export interface StoreDeps {
  host(idOrName: string): Host;
  /** SSH to backup hosts (loads the SSH area). */
  ssh(): Promise<SshStoreDeps>;
  /** An AWS account's credentials for S3 (loads the EC2 area). */
  s3(account: string): Promise<S3Access>;
}

/**
 * The store behind a destination URL. Each kind's client code is imported when first used: a
 * local folder loads neither SSH nor the S3 SDK.
 */
export async function openStore(url: string, deps: StoreDeps): Promise<BackupStore> {
  const dest = parseDestination(url);
  switch (dest.kind) {
    case 'file': {
      const { LocalFolderStore } = await import('./local-folder');
      return new LocalFolderStore(dest);
    }
    case 'ssh': {
      const [{ SshFolderStore }, ssh] = await Promise.all([import('./ssh-folder'), deps.ssh()]);
      return new SshFolderStore(dest, deps.host(dest.host), ssh);
    }
    case 's3': {
      const [{ S3BucketStore }, access] = await Promise.all([
        import('./s3-bucket'),
        deps.s3(dest.account),
      ]);
      return new S3BucketStore(dest, access);
    }
  }
}
