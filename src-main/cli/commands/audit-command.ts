import type { Command } from 'commander';
import type { AuditRecord } from '../../contract';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';
import { parseSince } from '../since';

interface AuditOptions {
  since?: string;
  target?: string;
  limit: number;
  follow?: boolean;
}

const local = (iso: string) => new Date(iso).toLocaleString('sv-SE').slice(0, 19);

const auditTable = (records: readonly AuditRecord[]) =>
  formatTable(
    ['TIME', 'DOOR', 'TARGET', 'ACTION', 'OUTCOME', 'DETAIL'],
    records.map((r) => [local(r.at), r.door, r.target, r.action, r.outcome, r.detail]),
  );

const line = (r: AuditRecord) =>
  `${local(r.at)}  ${r.door}  ${r.target}  ${r.action}  ${r.outcome}  ${r.detail}`;

/** `opsdeck audit`: the audit trail, newest first; `--follow` prints new records as they come. */
export function registerAudit(program: Command, run: RunCommand): void {
  program
    .command('audit')
    .description('The audit trail of changes made to remote systems (newest first)')
    .option('--since <when>', 'only records since: 30m, 2h, 7d, or a date/time (2025-03-01T08:00)')
    .option('-t, --target <target>', 'only this target: a host name, aws:<account>/<region>')
    .option('-n, --limit <n>', 'how many at most', (v) => Number.parseInt(v, 10), 200)
    .option('-f, --follow', 'then print new records as they are appended, until Ctrl+C')
    .action((opts: AuditOptions) =>
      run(async (ctx) => {
        const since = opts.since ? parseSince(opts.since, new Date()) : undefined;
        // Listen before reading, so nothing appended in between is missed.
        const early: AuditRecord[] = [];
        const seen = new Set<number>();
        let listed = false;
        const print = (r: AuditRecord) => {
          if (seen.has(r.id)) return;
          seen.add(r.id);
          process.stdout.write(`${ctx.out.json ? JSON.stringify(r) : line(r)}\n`);
        };
        const off = opts.follow
          ? ctx.on('audit.appended', (r) => {
              if (opts.target && r.target !== opts.target) return;
              if (listed) print(r);
              else early.push(r);
            })
          : undefined;
        const records = await ctx.call('audit.list', {
          limit: opts.limit,
          ...(opts.target ? { target: opts.target } : {}),
          ...(since ? { since } : {}),
        });
        if (!off) return ctx.out.result(records, () => auditTable(records));
        // Following reads like `tail -f`: oldest first, then each new record as one line.
        [...records].reverse().forEach(print);
        early.forEach(print);
        listed = true;
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        off();
      }),
    );
}
