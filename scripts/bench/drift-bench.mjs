// Drift bench: one config file read on 20 lab hosts by `drift.run` (new connections: a fresh
// core each time) against the reference a sysadmin would type — `ssh host md5sum file` for all
// hosts at once (every ssh process started together), measured in the same run.
import { readFileSync } from 'node:fs';
import { fmt, lab, labCore, labInventoryPath, labSshConfig, run, timed } from './measure.mjs';

const PATH = '/etc/mysql/opsdeck-drift-bench.cnf';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ~200 lines of my.cnf-like settings; `variant` changes one of them. */
function config(variant) {
  const lines = ['[mysqld]'];
  for (let i = 0; i < 200; i++) lines.push(`setting_${i} = ${i === 120 ? variant : i}`);
  return `${lines.join('\n')}\n`;
}

export async function driftBench(core, { hosts: count = 20, runs = 3 } = {}) {
  const labHosts = JSON.parse(readFileSync(labInventoryPath, 'utf8')).hosts.length;
  if (labHosts < count) lab('up', '--hosts', String(count), '--no-mysql');
  const names = Array.from({ length: count }, (_, i) => `db${i + 1}`);
  const ssh = (name, command) => run('ssh', ['-F', labSshConfig, name, command], { capture: true });
  await Promise.all(
    names.map((n, i) =>
      ssh(
        n,
        `mkdir -p /etc/mysql && printf '%s' '${config(i % 9 === 4 ? 'tuned' : 'base')}' > ${PATH}`,
      ),
    ),
  );
  const cleanup = async () => {
    await Promise.all(names.map((n) => ssh(n, `rm -f ${PATH}`).catch(() => {})));
  };
  try {
    const reference = [];
    for (let i = 0; i < runs; i++)
      reference.push(
        (await timed(() => Promise.all(names.map((n) => ssh(n, `md5sum ${PATH}`))))).ms,
      );
    const cold = [];
    let warm = 0;
    let report;
    for (let i = 0; i < runs; i++) {
      const c = await labCore(core);
      try {
        const drift = () => c.call('drift.run', { hostIds: names, path: PATH, parallel: 32 });
        const t = await timed(drift);
        cold.push(t.ms);
        report = t.value;
        if (i === runs - 1) warm = (await timed(drift)).ms;
      } finally {
        await c.dispose();
      }
    }
    const ok = report.hosts.filter((h) => h.status === 'ok').length;
    if (ok !== count) throw new Error(`drift: only ${ok}/${count} hosts read`);
    const ref = median(reference);
    const mine = median(cold);
    return {
      name: `drift: ${PATH} on ${count} lab hosts (${report.clusters.length} clusters)`,
      opsdeck: `${fmt(mine, 0)} ms cold (new connections, median of ${runs}: ${cold.map((x) => fmt(x, 0)).join(', ')}), ${fmt(warm, 0)} ms warm (pooled)`,
      reference: `${fmt(ref, 0)} ms (${count} × ssh host md5sum, all at once; ${reference.map((x) => fmt(x, 0)).join(', ')})`,
      ratio: ref / mine,
      target: 0.67,
      extra: `budget: at most 1.5× the parallel ssh md5sum loop; measured ${fmt(mine / ref, 2)}× it (cold), ${fmt(warm / ref, 2)}× warm`,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
