import type { Command } from 'commander';
import { OpsdeckError, type RunDetail } from '../../contract';
import type { RunCommand } from '../run-command';

type Preview = { left: string[]; wouldUndo: string[]; deleted: string[] };

/** What a discard leaves, one line each ('' when nothing). */
const leftLines = (left: readonly string[]) =>
  left.length
    ? `\nLeft as it is (put it right by hand):\n${left.map((l) => `  - ${l}`).join('\n')}`
    : '';

/** What the y/N question says: what goes, what is given up, and every thing left as it is. */
export function discardQuestion(
  d: Pick<RunDetail, 'id' | 'title' | 'subject' | 'status'>,
  p: Preview,
): string {
  const run = `${d.title} on ${d.subject} (run ${d.id.slice(0, 8)}, ${d.status})`;
  if (d.status === 'succeeded')
    return `Delete the vault entr${p.deleted.length > 1 ? 'ies' : 'y'} ${p.deleted.join(', ')} left by ${run}? The run stays succeeded; nothing else changes.`;
  const given = p.wouldUndo.length
    ? ` Its rollback is given up: it would undo ${p.wouldUndo.map((t) => `“${t}”`).join(', ')}.`
    : '';
  const left = leftLines(p.left);
  return `Discard ${run}? It can never be resumed or rolled back.${given}${left ? `${left}\n` : ' '}Discard it?`;
}

/**
 * `opsdeck workflow discard <run>`: first what it would leave (a dry run of the core's discard);
 * a run that can still be rolled back is refused unless `--force` (the core says so, recommending
 * the rollback); then the y/N question (or `--yes`) names what is left.
 */
export function registerDiscard(wf: Command, run: RunCommand): void {
  wf.command('discard <runId>')
    .description(
      'Set a stopped run aside for good: says what it leaves, deletes its vault entries (user data); it is never resumed. A succeeded run: only a vault entry it could not delete',
    )
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--force', 'give up a rollback that is still possible (roll back first instead)')
    .action((runId: string, opts: { yes?: boolean; force?: boolean }) =>
      run(async (ctx, confirm) => {
        const d = await ctx.call('workflows.run', { runId });
        const preview = await ctx.call('workflows.discard', { runId: d.id, dryRun: true });
        // Without --force the core refuses (CONFIRMATION_REQUIRED, what the rollback would undo).
        if (preview.wouldUndo.length && !opts.force)
          await ctx.call('workflows.discard', { runId: d.id, force: false });
        const question = discardQuestion(d, preview);
        if (!opts.yes && !(await confirm(question)))
          throw new OpsdeckError(
            'CONFIRMATION_REQUIRED',
            `Not confirmed: ${question}`,
            'Run again with --yes (or answer y on a terminal).',
          );
        const r = await ctx.call('workflows.discard', { runId: d.id, force: Boolean(opts.force) });
        ctx.out.result(r, () => {
          const deleted = r.deleted.length
            ? `; vault entr${r.deleted.length > 1 ? 'ies' : 'y'} ${r.deleted.join(', ')} deleted`
            : '';
          const head = r.discarded
            ? `Run ${r.runId} discarded (it was ${r.was})${deleted}.`
            : `Run ${r.runId} stays ${r.was}${deleted}.`;
          return head + leftLines(r.left);
        });
      }),
    );
}
