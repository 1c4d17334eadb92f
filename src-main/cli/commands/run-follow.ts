import {
  ACTIVE_RUN_STATUSES,
  describeHolder,
  progressText,
  type Progress,
  type RunDetail,
  type RunEvent,
  type RunSummary,
  type WorkflowStartIn,
} from '../../contract';
import type { CliContext } from '../cli-context';
import { followStream } from '../stream-follow';
import { leftFilesText } from './left-files-text';

/** `[██████░░░░░░░░░░░░░░]`: the part done of a known total; empty brackets when unknown. */
export function progressBar(p: Progress, width = 20): string {
  if (p.percent === undefined) return `[${'·'.repeat(width)}]`;
  const full = Math.round((p.percent / 100) * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}]`;
}

/** Where the follower writes: whole lines, and (on a terminal) one line rewritten in place. */
export interface FollowSink {
  line(text: string): void;
  /** Replace the live line (progress); undefined when not a terminal. */
  live?: (text: string) => void;
}

/** How often progress is printed as a line when nothing can be rewritten in place. */
const PLAIN_PROGRESS_MS = 10_000;

/** Turns a run's events into what a person follows on the CLI. */
export class RunPrinter {
  private readonly titles = new Map<string, string>();
  private readonly lastPlain = new Map<string, number>();
  private waiting = '';

  constructor(
    private readonly sink: FollowSink,
    private readonly now: () => number = Date.now,
  ) {}

  /** What a run already is when following starts (it may have gone a few events ahead). */
  seed(run: RunDetail): void {
    for (const s of run.steps) for (const c of s.children ?? []) this.titles.set(c.key, c.title);
    this.run(run);
  }

  event(e: RunEvent): void {
    switch (e.type) {
      case 'step':
        if (e.step.status !== 'pending' && e.step.status !== 'waiting')
          this.sink.line(`[${e.step.status}] ${e.step.title}`);
        return;
      case 'child':
        this.titles.set(e.child.key, e.child.title);
        if (['done', 'failed', 'cancelled', 'undone'].includes(e.child.status))
          this.sink.line(
            `  [${e.child.title}] ${e.child.status}${e.child.error ? `: ${e.child.error.message}` : ''}`,
          );
        return;
      case 'log': {
        if (e.line.level === 'cmd') return;
        const who = e.line.childKey ? this.titles.get(e.line.childKey) : undefined;
        this.sink.line(`  ${who ? `[${who}] ` : ''}${e.line.text}`);
        return;
      }
      case 'progress':
        return this.progress(e);
      case 'run':
        return this.run(e.run);
    }
  }

  private progress(e: Extract<RunEvent, { type: 'progress' }>): void {
    const who = e.childKey ? this.titles.get(e.childKey) : undefined;
    const text = `  ${who ? `[${who}] ` : ''}${progressBar(e.progress)} ${progressText(e.progress)}`;
    if (this.sink.live) return this.sink.live(text);
    const key = `${e.stepId}/${e.childKey ?? ''}`;
    const finished = e.progress.percent === 100;
    if (!finished && this.now() - (this.lastPlain.get(key) ?? -Infinity) < PLAIN_PROGRESS_MS)
      return;
    this.lastPlain.set(key, this.now());
    this.sink.line(text);
  }

  private run(run: RunSummary): void {
    const w = run.waiting;
    const text =
      w?.kind === 'lock'
        ? `Waiting: ${w.heldBy.map(describeHolder).join('; ')}.`
        : w?.kind === 'gate'
          ? `Waiting for a person: ${w.title} — ${w.message}`
          : '';
    if (text && text !== this.waiting) this.sink.line(text);
    this.waiting = text;
  }
}

/** The last lines of a finished run: its status and error, what it changed, what it left. */
export function runResultText(d: RunDetail): string {
  const head = `${d.title} on ${d.subject}: ${d.status}${d.error ? ` — ${d.error.message}\n  hint: ${d.error.hint}` : ''} (run ${d.id})`;
  const changes =
    d.status !== 'succeeded' && d.changes.length
      ? `\nchanged so far:\n${d.changes.map((c) => `  ${c.text}`).join('\n')}`
      : '';
  return head + changes + leftFilesText(d.leftFiles);
}

/**
 * Print a run's progress until it ends (through contract events only, so attached or not);
 * Ctrl+C cancels it. `start` starts or resumes the run and resolves with its id. Exit code 1
 * unless it succeeded.
 */
export async function follow(
  ctx: CliContext,
  start: () => Promise<string>,
  quietResult = false,
  /** The run was started elsewhere (it may have ended before we listened). */
  existing = false,
): Promise<void> {
  const { out } = ctx;
  const tty = process.stderr.isTTY && !out.json;
  let live = '';
  const clearLive = () => {
    if (live) process.stderr.write('\r\x1b[2K');
    live = '';
  };
  const printer = new RunPrinter({
    line: (text) => {
      clearLive();
      out.info(text);
    },
    ...(tty
      ? {
          live: (text: string) => {
            live = text.slice(0, (process.stderr.columns || 100) - 1);
            process.stderr.write(`\r\x1b[2K${live}`);
          },
        }
      : {}),
  });
  const runId = await followStream(ctx, {
    topic: 'workflow.event',
    idOf: (event) => event.runId,
    start,
    isEnd: (event) => event.type === 'run' && !ACTIVE_RUN_STATUSES.includes(event.run.status),
    // Subscribed first, then read: children named by events that went before are known too.
    started: async (id) => {
      if (!out.json) printer.seed(await ctx.call('workflows.run', { runId: id }));
    },
    cancel: (id) => {
      clearLive();
      out.info('Cancelling the run…');
      void ctx.call('workflows.cancel', { runId: id }).catch(() => undefined);
    },
    onEvent: (event) => {
      if (!out.json) printer.event(event);
    },
    ...(existing
      ? {
          endedBefore: async (id: string) =>
            !ACTIVE_RUN_STATUSES.includes((await ctx.call('workflows.run', { runId: id })).status),
        }
      : {}),
  });
  clearLive();
  const detail = await ctx.call('workflows.run', { runId });
  if (!quietResult || detail.status !== 'succeeded')
    out.result(detail, () => runResultText(detail));
  if (detail.status !== 'succeeded') process.exitCode = 1;
}

/** Start a typed workflow request; resolves with the run id (for `follow`). */
export const startRun =
  (ctx: CliContext, request: WorkflowStartIn): (() => Promise<string>) =>
  async () =>
    (await ctx.call('workflows.start', request)).runId;
