import type { Ctx } from './outputs';

/**
 * Launch generations: how many times a launch of this run was ended (its instances terminated).
 * The generation is part of the client token, so a resume after an ended launch launches again
 * (AWS answers a reused token with the terminated instance for hours); a resume after a crash
 * keeps the token, and gets the instance that was launched back instead of a second one.
 * Everything here reads the run's changes, which are persisted, append-only and never cleared:
 * resume and undo count the same generation.
 */

/** Recorded (as a change of the run) when a launch generation ended. */
const LAUNCH_UNDONE = /^Launch (\d+) undone: /;

/** How many launch generations ended so far (the current one's number). */
export function launchGeneration(ctx: Ctx): number {
  return ctx.changes().filter((c) => LAUNCH_UNDONE.test(c)).length;
}

/** The client token of this run's current launch generation. */
export const clientToken = (ctx: Ctx) => `restore-${ctx.runId}-${launchGeneration(ctx)}`;

/** Record that the current generation ended: the next launch uses a new client token. */
export function endGeneration(ctx: Ctx, what: string): void {
  const token = clientToken(ctx);
  ctx.changed(
    `Launch ${launchGeneration(ctx)} undone: ${what} (client token ${token}; a resume launches with a new one).`,
  );
}

/** Where the last change matching `test` is in the run's changes (-1: none). */
function lastChange(ctx: Ctx, test: (c: string) => boolean): number {
  return ctx.changes().findLastIndex(test);
}

/**
 * The generation that launched `id` was ended already: a "Launch n undone" entry follows the
 * entry that recorded its launch.
 */
export function generationEnded(ctx: Ctx, id: string): boolean {
  const launched = lastChange(ctx, (c) => c === `${id} launched`);
  return lastChange(ctx, (c) => LAUNCH_UNDONE.test(c)) > launched;
}

/** This run terminated `id` (EC2 confirmed it) after launching it: nothing of it is left to end. */
export function terminatedByRun(ctx: Ctx, id: string): boolean {
  const launched = lastChange(ctx, (c) => c === `${id} launched`);
  return lastChange(ctx, (c) => c === `${id} terminated`) > launched;
}

/**
 * From a run's changes: the instances it launched that it did not see end — no `<id> terminated`
 * after their launch, and no launch generation ended since (found terminated or shutting down).
 * A kept instance is one of them. For a discard, which names what it leaves.
 */
export function launchedNotEnded(changes: readonly string[]): string[] {
  const launched = /^(\S+) launched$/;
  return changes.flatMap((c, i) => {
    const id = launched.exec(c)?.[1];
    if (!id) return [];
    const after = changes.slice(i + 1);
    return after.some((a) => a === `${id} terminated` || LAUNCH_UNDONE.test(a)) ? [] : [id];
  });
}
