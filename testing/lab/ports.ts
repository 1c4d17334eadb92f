import { createServer, type AddressInfo } from 'node:net';

/** Whether `port` on 127.0.0.1 can be listened on now (e.g. a closed tunnel released it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 held by a listener of ours until `close`, to see a busy port refused. */
export async function occupyPort(): Promise<{ port: number; close(): void }> {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  return { port: (busy.address() as AddressInfo).port, close: () => void busy.close() };
}
