import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import account from 's3rver/lib/models/account.js';

/** The key pair the test S3 accepts (s3rver's own S3RVER is too short for Opsdeck's account form). */
export const TEST_S3_KEY = {
  accessKeyId: 'AKIAOPSDECKTEST0001',
  secretAccessKey: 'opsdeck-test-secret',
};

/**
 * An S3-compatible server for tests (s3rver, files in a temp dir) on a free loopback port, with
 * the named buckets, recording each request's method, URL and headers (to see SSE headers sent).
 */
export async function startTestS3(buckets: string[]) {
  const directory = mkdtempSync(join(tmpdir(), 'opsdeck-s3-'));
  account.DUMMY_ACCOUNT.createKeyPair(TEST_S3_KEY.accessKeyId, TEST_S3_KEY.secretAccessKey);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  const requests: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  server.httpServer.on('request', (req: IncomingMessage) =>
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }),
  );
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    requests,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
