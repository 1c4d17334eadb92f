import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { stamp } from '../stamp';

/** Raw output of one terminal session appended to a local file (opt-in per terminal). */
export interface SessionLog {
  path: string;
  write(data: Buffer): void;
  /** Marks a reconnect or the end in the file, so a reader sees where sessions start and stop. */
  note(text: string): void;
  close(): void;
}

/**
 * Opens `<dir>/<host>-<stamp>-<random>.log` (mode 0600: a session log can hold anything typed or
 * printed). Writes are buffered by the stream; the terminal never waits for the disk.
 */
export function openSessionLog(dir: string, hostName: string, now: Date): SessionLog {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const safeHost = hostName.replace(/[^A-Za-z0-9._-]/g, '_');
  const path = join(dir, `${safeHost}-${stamp(now)}-${randomBytes(3).toString('hex')}.log`);
  const stream: WriteStream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  let open = true;
  // A full disk must not take the terminal down: stop logging, keep the session.
  stream.on('error', () => {
    open = false;
  });
  return {
    path,
    write(data) {
      if (open) stream.write(data);
    },
    note(text) {
      if (open) stream.write(`\r\n[opsdeck ${new Date().toISOString()}] ${text}\r\n`);
    },
    close() {
      if (!open) return;
      open = false;
      stream.end();
    },
  };
}
