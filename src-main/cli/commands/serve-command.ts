import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { OwnCore } from '../run-command';

/** dist/main/cli.mjs → dist/renderer */
const defaultStaticDir = () =>
  process.env.OPSDECK_RENDERER_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');

/**
 * `opsdeck serve`: web mode is a core of its own (door `web`): it takes the data folder's lease,
 * serves the local socket (CLIs attach to it) and the browser door.
 */
export function registerServe(program: Command, own: OwnCore): void {
  program
    .command('serve')
    .description('Serve the console to a browser on 127.0.0.1 behind a one-time token')
    .option('--port <port>', 'port (default: any free port)', (v) => Number.parseInt(v, 10), 0)
    .action((opts: { port: number }) =>
      own('web', async (services, out) => {
        const { installProcessGuard, startWebServer } = await import('../../server/compose');
        // This process holds the core for the browser: one bad request must never end it.
        const log = (line: string) => process.stderr.write(`${line}\n`);
        const guard = installProcessGuard({ log });
        const server = await startWebServer({
          connect: services.connect,
          staticDir: defaultStaticDir(),
          port: opts.port,
          onError: (what, err) =>
            log(`web mode: ${what}: ${err instanceof Error ? err.message : String(err)}`),
        });
        out.result({ url: server.url, port: server.port }, () => `Opsdeck web mode: ${server.url}`);
        await new Promise<void>((resolveStop) => {
          const stop = () =>
            void server.close().then(() => {
              guard.uninstall();
              resolveStop();
            });
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }),
    );
}
