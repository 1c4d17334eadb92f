import type { DiffSide, DiffSource } from '../../../src-main/contract';

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** How a source is named before it is loaded (tab titles, dialogs). */
export function sourceName(s: DiffSource, hostName: (id: string) => string): string {
  switch (s.kind) {
    case 'host':
      return `${hostName(s.hostId)}:${s.path}`;
    case 'local':
      return `local:${s.path}`;
    case 'snapshot':
      return `snapshot #${s.snapshotId}`;
    case 'snapshot-at':
      return `${hostName(s.hostId)}:${s.path} @ ${s.at.slice(0, 16).replace('T', ' ')}`;
    case 'template':
      return `template ${base(s.path)} for ${hostName(s.hostId)}`;
  }
}

/** A short tab title: `my.cnf db1 ↔ db2` (the file name once, then who is compared). */
export function sessionTitle(
  sources: readonly DiffSource[],
  hostName: (id: string) => string,
): string {
  const paths = sources.map((s) => ('path' in s ? base(s.path) : ''));
  const file = paths.find(Boolean) ?? 'compare';
  const who = sources.map((s) => {
    if (s.kind === 'host') return hostName(s.hostId);
    if (s.kind === 'snapshot-at') return `${hostName(s.hostId)}@${s.at.slice(5, 10)}`;
    if (s.kind === 'snapshot') return `#${s.snapshotId}`;
    if (s.kind === 'template') return 'template';
    return 'local';
  });
  return `${file} ${who.join(' ↔ ')}`;
}

/** The same comparison opened twice lands in the same tab. */
export const sessionKey = (sources: readonly DiffSource[]) => JSON.stringify(sources);

export const hostSide = (side: DiffSide | undefined) =>
  side && side.source.kind === 'host' && side.hostId ? side : undefined;
