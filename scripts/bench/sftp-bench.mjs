// SFTP: download of a large file from a lab host with files.download vs OpenSSH `sftp`.
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { best, fmt, labCore, labSshConfig, run, timed } from './measure.mjs';

export async function sftpBench(core, { sizeMb }) {
  const bytes = sizeMb * 1024 * 1024;
  const remote = `/tmp/opsdeck-bench-${sizeMb}m.bin`;
  const local = join(tmpdir(), `opsdeck-bench-${process.pid}.bin`);
  const ssh = (cmd) => run('ssh', ['-F', labSshConfig, 'db1', cmd]);
  await ssh(
    `test "$(stat -c %s ${remote} 2>/dev/null)" = ${bytes} || head -c ${bytes} /dev/urandom > ${remote}`,
  );
  const check = () => {
    if (statSync(local).size !== bytes) throw new Error('sftp bench: size mismatch');
    rmSync(local, { force: true });
  };

  const refMs = await best(2, async () => {
    await run('sftp', ['-F', labSshConfig, '-q', `db1:${remote}`, local]);
    check();
  });
  // Each Opsdeck run uses a new core (started before the clock runs), so the download pays for
  // connect + auth like `sftp` does.
  let opsMs = Infinity;
  for (let i = 0; i < 2; i++) {
    const { services, call, dispose } = await labCore(core);
    try {
      const { ms } = await timed(async () => {
        const { transferId } = await call('files.download', {
          hostId: 'db1',
          remotePath: remote,
          localPath: local,
        });
        const final = await services.core.transfers.wait(transferId);
        if (final.state !== 'done') throw new Error(`sftp bench: ${final.error?.message}`);
      });
      check();
      opsMs = Math.min(opsMs, ms);
    } finally {
      await dispose();
    }
  }
  const ops = sizeMb / (opsMs / 1000);
  const ref = sizeMb / (refMs / 1000);
  return {
    name: `sftp: download ${sizeMb} MiB`,
    opsdeck: `${fmt(ops)} MiB/s (${fmt(opsMs / 1000, 2)} s)`,
    reference: `${fmt(ref)} MiB/s (sftp, ${fmt(refMs / 1000, 2)} s)`,
    ratio: ops / ref,
    target: 0.5,
    cleanup: () => ssh(`rm -f ${remote}`).finally(() => rmSync(local, { force: true })),
  };
}
