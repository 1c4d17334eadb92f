import { ConfigPushParams } from '../../../contract';
import type { Step, WorkflowDefinition } from '../engine/definition';
import { hostLocks } from '../engine/definition';
import { BASELINE, baselineStep } from './baseline';
import { pushStep, type PushDeps } from './push';

/**
 * "Push the baseline to these hosts" (docs/diff.md): read the baseline (a host's file or a
 * template rendered per host), a go-ahead, then each host as a child — validate in place,
 * snapshot, atomic write with a backup, reload, verify — a few at once, stopping at the first
 * failure and rolling back from the backups (automatic rollback).
 */
export function configPushWorkflow(
  deps: PushDeps,
): WorkflowDefinition<ConfigPushParams, 'config-push'> {
  const confirm: Step<ConfigPushParams> = {
    id: 'confirm',
    title: 'Go-ahead',
    async run(ctx) {
      const b = ctx.get(BASELINE);
      const n = ctx.params.targets.length;
      await ctx.confirm({
        title: `Push ${ctx.params.path} to ${n} host${n === 1 ? '' : 's'}?`,
        message:
          `The content of ${b.label} (${b.size} bytes) replaces ${ctx.params.path} on ` +
          `${ctx.params.targets.map((t) => ctx.host(t).name).join(', ')}` +
          `${ctx.params.validate ? ', each validated first' : ''}${ctx.params.reload ? ', then reloaded' : ''}. ` +
          'A backup stays beside each file; the first failure stops the push and puts the backups back.',
        confirmLabel: `Push to ${n} host${n === 1 ? '' : 's'}`,
        // Replacing a file on many servers at once: the person types the path they replace.
        typed: ctx.params.path,
      });
    },
  };
  return {
    id: 'config-push',
    title: 'Push a config file',
    description:
      'Write one file’s content (a baseline host’s copy, or a template per host) to many hosts: validated, atomic, backed up, reloaded, verified; rolled back from the backups on the first failure.',
    params: ConfigPushParams,
    subject: (p, lookup) =>
      `${p.path} → ${p.targets.length === 1 ? lookup.host(p.targets[0] as string).name : `${p.targets.length} hosts`}`,
    locks: (p, lookup) => hostLocks(p.targets.map((t) => lookup.host(t))),
    rollback: 'automatic',
    steps: [baselineStep(deps.snapshots), confirm, pushStep(deps)],
  };
}
