import { createHash } from 'node:crypto';
import { z } from 'zod';
import { OpsdeckError, type ConfigPushParams, type Host } from '../../../contract';
import { readTemplateFile } from '../../diff/local-file';
import { readCurrent } from '../../diff/push-pieces';
import type { SnapshotStore } from '../../diff/snapshot-store';
import { renderTemplate } from '../../diff/template';
import type { BaseContext, OutputOf, Step } from '../engine/definition';
import { outputOf } from '../engine/definition';
import { effectsExec } from './effects-exec';

/** What the push writes: kept encrypted in the snapshot store, so a resume writes the same. */
export const BASELINE = outputOf(
  'baseline',
  z.object({
    label: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    /** null while planning (nothing is stored). */
    snapshotId: z.number().int().nullable(),
  }),
);

const MAX = 50 * 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readSource(
  ctx: BaseContext<ConfigPushParams>,
): Promise<{ label: string; data: Buffer }> {
  const { source, path } = ctx.params;
  if (source.kind === 'template') {
    const t = await readTemplateFile(source.path, MAX);
    return { label: `template ${t.path}`, data: Buffer.from(t.text, 'utf8') };
  }
  const host = ctx.host(source.hostId);
  const read = effectsExec(ctx.ssh, 'read', `read the baseline ${path} on ${host.name}`);
  const f = await readCurrent(read, { host, path });
  if (f.missing)
    throw new OpsdeckError(
      'NOT_FOUND',
      `${path} does not exist on ${host.name}, the baseline.`,
      'Pick a baseline host that has the file.',
    );
  return { label: `${host.name}:${f.path}`, data: f.data };
}

/** Read the baseline once; in a run, keep it (encrypted) so every host and a resume get the same. */
export function baselineStep(
  snapshots: SnapshotStore,
): Step<ConfigPushParams, OutputOf<typeof BASELINE>> {
  return {
    ...BASELINE,
    title: 'Read the baseline',
    async run(ctx) {
      const { label, data } = await readSource(ctx);
      ctx.log(`${label}: ${data.length} bytes`);
      const snapshotId = ctx.dryRun
        ? null
        : ((
            await snapshots.save({
              hostId:
                ctx.params.source.kind === 'host' ? ctx.host(ctx.params.source.hostId).id : 'local',
              hostName:
                ctx.params.source.kind === 'host'
                  ? ctx.host(ctx.params.source.hostId).name
                  : 'local',
              path: ctx.params.source.kind === 'host' ? ctx.params.path : ctx.params.source.path,
              content: data,
              reason: 'push',
              note: `baseline of run ${ctx.runId}`,
              door: 'workflow',
            })
          )?.id ?? null);
      return { label, size: data.length, sha256: sha(data), snapshotId };
    },
  };
}

/** The content one target gets: the baseline, or the template rendered for that host. */
export async function contentFor(
  ctx: BaseContext<ConfigPushParams>,
  snapshots: SnapshotStore,
  host: Host,
): Promise<Buffer> {
  const b = ctx.get(BASELINE);
  const data =
    b.snapshotId !== null
      ? (await snapshots.content(b.snapshotId)).content
      : (await readSource(ctx)).data;
  if (ctx.params.source.kind !== 'template') return data;
  return Buffer.from(renderTemplate(data.toString('utf8'), host, ctx.params.source.path), 'utf8');
}
