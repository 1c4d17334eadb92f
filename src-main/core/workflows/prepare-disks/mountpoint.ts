import { OpsdeckError } from '../../../contract';
import { shellQuote } from '../../common/shell';

/** What is at the mountpoint now. */
export interface MountpointState {
  exists: boolean;
  directory: boolean;
  /** Something is mounted exactly here. */
  mounted: boolean;
  /** Entries in the directory (of the mounted filesystem when mounted). */
  entries: number;
  /** The first few entry names, for messages. */
  sample: string[];
  source?: string;
  fstype?: string;
  uuid?: string;
}

/** Prints `key=value` lines that parseMountpoint reads; changes nothing. */
export function probeMountpointCommand(path: string): string {
  return [
    `p=${shellQuote(path)}`,
    'if [ -e "$p" ]; then echo exists=yes; [ -d "$p" ] && echo dir=yes',
    'mountpoint -q "$p" && echo mounted=yes',
    'echo "entries=$(ls -A "$p" 2>/dev/null | wc -l)"',
    'ls -A "$p" 2>/dev/null | head -n 5 | sed "s/^/entry=/"',
    'findmnt -n -o SOURCE,FSTYPE,UUID -M "$p" | tail -n 1 | sed "s/^/source=/"',
    'else echo exists=no; fi',
  ].join('; ');
}

export function parseMountpoint(text: string): MountpointState {
  const state: MountpointState = {
    exists: false,
    directory: false,
    mounted: false,
    entries: 0,
    sample: [],
  };
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'exists') state.exists = value === 'yes';
    else if (key === 'dir') state.directory = value === 'yes';
    else if (key === 'mounted') state.mounted = value === 'yes';
    else if (key === 'entries') state.entries = Number.parseInt(value.trim(), 10) || 0;
    else if (key === 'entry') state.sample.push(value);
    else if (key === 'source') {
      const [source, fstype, uuid] = value.trim().split(/\s+/);
      if (source) state.source = source;
      if (fstype) state.fstype = fstype;
      if (uuid) state.uuid = uuid;
    }
  }
  return state;
}

export type MountpointDecision =
  { kind: 'ours' } | { kind: 'mount'; hidden: number; sample: string[] };

/**
 * May the filesystem (UUID `ours`, when it exists yet) be mounted at `path`? Already mounted
 * there → ours; something else mounted there, a file in the way, or a directory with files
 * (unless allowed) → CONFLICT naming what is there.
 */
export function decideMountpoint(
  hostName: string,
  path: string,
  state: MountpointState,
  o: { ours?: string | undefined; allowNonEmpty: boolean },
): MountpointDecision {
  if (state.exists && !state.directory)
    throw new OpsdeckError(
      'CONFLICT',
      `${path} on ${hostName} exists and is not a directory.`,
      'Choose another mountpoint, or move that file away and resume.',
    );
  if (state.mounted) {
    if (o.ours && state.uuid === o.ours) return { kind: 'ours' };
    throw new OpsdeckError(
      'CONFLICT',
      `${state.source ?? 'Another filesystem'}${state.fstype ? ` (${state.fstype})` : ''} is already mounted at ${path} on ${hostName}.`,
      'Choose another mountpoint, or unmount it yourself if it is not needed, then resume.',
    );
  }
  if (state.entries > 0 && !o.allowNonEmpty)
    throw new OpsdeckError(
      'CONFLICT',
      `${path} on ${hostName} is not empty (${state.entries} entries: ${state.sample.join(', ')}${state.entries > state.sample.length ? ', …' : ''}); mounting over it would hide them.`,
      'Move its files away or choose another mountpoint; or allow mounting over a non-empty directory (allowNonEmptyMountpoint / --allow-non-empty) — the files are hidden, not deleted, while the volume is mounted.',
    );
  return { kind: 'mount', hidden: state.entries, sample: state.sample };
}
