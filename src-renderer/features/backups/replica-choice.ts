/**
 * The New replica dialog's choice, kept apart from the dialog so it is testable without a DOM.
 */

/**
 * The replica the dialog shows (and checks, plans and starts): the host picked while it is still
 * offered, else the first one. Hosts load after the dialog opens, so this is derived on every
 * render, never frozen at the first one (an empty list then).
 */
export function shownReplica(hosts: readonly { name: string }[], picked: string): string {
  return hosts.some((h) => h.name === picked) ? picked : (hosts[0]?.name ?? '');
}

/**
 * A check's report for `replica`, or null when the dialog shows another replica by the time it
 * arrives (the user picked another host while it ran): its report would describe the wrong host.
 */
export async function reportIfStillShown<T>(
  replica: string,
  run: () => Promise<T>,
  shown: () => string,
): Promise<T | null> {
  const report = await run();
  return shown() === replica ? report : null;
}
