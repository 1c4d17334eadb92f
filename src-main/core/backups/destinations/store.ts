import type { Readable, Writable } from 'node:stream';
import type { Destination } from './url';

/** Writing one backup file: a partial that becomes the file only on commit. */
export interface StoreWriter {
  stream: Writable;
  /** Make the file final (rename the partial file / complete the multipart upload). */
  commit(): Promise<void>;
  /** Remove everything written so far (partial file, uploaded parts). Never throws. */
  abort(): Promise<void>;
  /** Turn a write failure into a clear error (disk full with the space left, …). */
  explain(err: unknown): Promise<Error>;
}

export interface StoreReader {
  stream: Readable;
  /** Settles when the read ended; rejects if the source reported a failure. */
  done: Promise<void>;
}

/** A place backups are kept: a local folder, a folder on a backup host, an S3 prefix. */
export interface BackupStore {
  readonly dest: Destination;
  write(name: string): Promise<StoreWriter>;
  read(name: string, signal?: AbortSignal): Promise<StoreReader>;
  remove(name: string): Promise<void>;
  /** Size in bytes, or undefined when the file is not there. */
  size(name: string): Promise<number | undefined>;
  /** Free space in bytes, when the destination can tell. */
  freeBytes(): Promise<number | undefined>;
}

/** Name of the partial file a write goes to before it is committed. */
export const partialName = (name: string) => `${name}.partial`;
