/**
 * The example of docs/workflows.md — kept here, compiled and run by example-workflow.test.ts so
 * the document cannot drift from the engine. Not registered: a real workflow puts its params
 * schema in contract/workflow-params.ts and its definition in core/workflows/registry.ts.
 */
import { z } from 'zod';
import { OpsdeckError } from '../../src-main/contract';
import { shellQuote as q } from '../../src-main/core/common/shell';
import {
  hostLocks,
  outputOf,
  type OutputOf,
  type Step,
  type WorkflowDefinition,
} from '../../src-main/core/workflows/engine/definition';

export const ShipReleaseParams = z
  .object({
    cluster: z.string().min(1),
    /** The host that has the release tarball. */
    source: z.string().min(1),
    path: z.string().regex(/^\/[\w./-]+\.tar\.gz$/),
    hosts: z.array(z.string().min(1)).min(1),
    parallel: z.number().int().min(1).max(16).default(2),
  })
  .strict();
type Params = z.output<typeof ShipReleaseParams>;

/** What `size` finds, for the progress bars and the gate. */
const SIZE = outputOf('size', z.object({ bytes: z.number() }));

const size: Step<Params, OutputOf<typeof SIZE>> = {
  ...SIZE,
  title: 'Size the release',
  retry: { attempts: 3, backoffMs: 1000 }, // SSH hiccups are tried again (logged)
  async run(ctx) {
    const r = await ctx.ssh.read(ctx.host(ctx.params.source), `stat -c %s ${q(ctx.params.path)}`);
    return { bytes: Number(r.stdout.trim()) };
  },
};

const drain: Step<Params> = {
  id: 'drain',
  title: 'Take the hosts out of the pool',
  async run(ctx) {
    for (const h of ctx.params.hosts) {
      await ctx.ssh.write(ctx.host(h), 'touch /etc/app/maintenance');
      ctx.changed(`${h} is out of the pool`);
    }
  },
  // Run in reverse if anything before the point of no return fails (rollback: 'automatic').
  async undo(ctx) {
    for (const h of ctx.params.hosts)
      await ctx.ssh.write(ctx.host(h), 'rm -f /etc/app/maintenance');
  },
};

const confirm: Step<Params> = {
  id: 'confirm',
  title: 'Go-ahead',
  async run(ctx) {
    const { bytes } = ctx.get(SIZE); // typed: what `size` returned
    await ctx.confirm({
      title: `Ship ${ctx.params.path} to ${ctx.params.hosts.length} hosts?`,
      message: `${bytes} bytes each; the old release is replaced and cannot be put back.`,
      confirmLabel: 'Ship it',
      typed: ctx.params.cluster,
    });
  },
};

const ship: Step<Params> = {
  id: 'ship',
  title: 'Copy and unpack on each host',
  pointOfNoReturn: true,
  manual: 'Unpack the release by hand on the hosts marked failed, then resume.',
  timeoutMs: 30 * 60_000,
  async run(ctx) {
    const { bytes } = ctx.get(SIZE);
    const source = ctx.host(ctx.params.source);
    await ctx.forEach(
      ctx.params.hosts.map((h) => ctx.host(h)),
      { key: (h) => h.id, title: (h) => h.name, limit: ctx.params.parallel },
      async (child, host) => {
        const result = await child.ssh.pipe({
          from: source,
          command: `cat ${q(ctx.params.path)}`,
          to: host,
          into: 'tar -xzf - -C /srv/app',
          purpose: `unpack the release on ${host.name}`,
          onProgress: (done) => child.progress({ unit: 'bytes', done, total: bytes }),
        });
        // A plan runs this too, with writes (the stream) only recorded: nothing to check then.
        if (!child.dryRun && result.bytes !== bytes)
          throw new OpsdeckError(
            'WORKFLOW_STEP_FAILED',
            `${host.name} got ${result.bytes} of ${bytes} bytes.`,
            'Resume the run: the hosts that finished are not copied again.',
          );
      },
    );
  },
};

const undrain: Step<Params> = {
  id: 'undrain',
  title: 'Put the hosts back in the pool',
  async run(ctx) {
    for (const h of ctx.params.hosts)
      await ctx.ssh.write(ctx.host(h), 'rm -f /etc/app/maintenance');
  },
};

export const shipRelease: WorkflowDefinition<Params, 'ship-release'> = {
  id: 'ship-release',
  title: 'Ship a release',
  description: 'Copy a release tarball to every host of a cluster, out of the pool, one go-ahead.',
  params: ShipReleaseParams,
  subject: (p) => `${p.cluster} (${p.hosts.length} hosts)`,
  // Two ship-release (or failover) runs on one cluster never overlap.
  locks: (p, lookup) => [
    { kind: 'cluster', key: p.cluster, label: p.cluster },
    ...hostLocks(p.hosts.map((h) => lookup.host(h))),
  ],
  rollback: 'automatic',
  steps: [size, drain, confirm, ship, undrain],
};
