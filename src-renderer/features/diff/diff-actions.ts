/** What the diff tab does: open, load, save back, snapshot. Callable from files, hosts, palette. */
import {
  diffLines,
  offersReadWithSudo,
  saveSudoFor,
  toErrorShape,
  type DiffSide,
  type DiffSource,
} from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { notify, notifyError } from '../../app/toasts';
import { useHosts } from '../hosts/hosts-store';
import { hostSide, sessionKey, sessionTitle } from './diff-sources';
import { newSession, patchSave, patchSession, sessionOf, useDiff } from './diff-store';
import { liveViewers } from './viewer-registry';

const ids = new Map<string, string>();
let nextId = 1;

const hostName = (id: string) => useHosts.getState().byId.get(id)?.name ?? id;

/** Open (or focus) a comparison of 2 or 3 sources in a tab. */
export function openCompare(sources: DiffSource[]): string {
  const key = sessionKey(sources);
  let id = ids.get(key);
  const title = sessionTitle(sources, hostName);
  if (!id || !sessionOf(id)) {
    id ??= `d${nextId++}`;
    ids.set(key, id);
    useDiff.setState((s) => ({
      sessions: { ...s.sessions, [id as string]: newSession(id as string, title, sources) },
    }));
    void loadSession(id);
  }
  nav().open({ kind: 'diff', sessionId: id, title });
  return id;
}

export function closeSession(id: string): void {
  useDiff.setState((s) => {
    const { [id]: _gone, ...rest } = s.sessions;
    return { sessions: rest };
  });
}

export async function loadSession(id: string): Promise<void> {
  const s = sessionOf(id);
  if (!s) return;
  patchSession(id, { loading: true, error: null });
  try {
    const { sides } = await client.call('diff.load', { sources: s.sources });
    performance.mark('opsdeck:diff:loaded'); // for the diff bench's breakdown
    patchSession(id, {
      sides,
      loading: false,
      dirty: sides.map(() => false),
      sideErrors: sides.map(() => null),
      texts: null,
      loaded: (sessionOf(id)?.loaded ?? 0) + 1,
    });
  } catch (err) {
    patchSession(id, { loading: false, error: toErrorShape(err) });
  }
}

/**
 * "Read with sudo" (offered when a read was denied and the login may use sudo -n): each host
 * source not yet read through sudo is tried alone; those denied with the offer are read through
 * sudo from now on (and saved so: saveSudoFor), then the comparison loads again.
 */
export async function readWithSudo(id: string): Promise<void> {
  const s = sessionOf(id);
  if (!s) return;
  patchSession(id, { loading: true });
  const sources = await Promise.all(
    s.sources.map(async (source) => {
      if (source.kind !== 'host' || source.sudo) return source;
      try {
        await client.call('diff.load', { sources: [source] });
        return source;
      } catch (err) {
        return offersReadWithSudo(toErrorShape(err)) ? { ...source, sudo: true } : source;
      }
    }),
  );
  patchSession(id, { sources });
  await loadSession(id);
}

/** Read one side again (its unsaved edits are dropped; the other sides keep theirs). */
export async function reloadSide(id: string, index: number): Promise<void> {
  const s = sessionOf(id);
  const source = s?.sides?.[index]?.source ?? s?.sources[index];
  if (!s?.sides || !source) return;
  try {
    const { sides } = await client.call('diff.load', { sources: [source] });
    const side = sides[0] as DiffSide;
    liveViewers.get(id)?.replaceSide(index, {
      label: side.label,
      content: side.content,
      editable: side.editable,
      kind: side.kind,
    });
    const next = sessionOf(id);
    if (!next?.sides) return;
    patchSession(id, {
      sides: next.sides.map((x, i) => (i === index ? side : x)),
      sideErrors: next.sideErrors.map((x, i) => (i === index ? null : x)),
      dirty: next.dirty.map((x, i) => (i === index ? false : x)),
    });
  } catch (err) {
    notifyError('Could not read the file again', err);
  }
}

/** Which pane Ctrl+S / :w means: the focused one if it has edits, else the only one that has. */
export function paneToSave(id: string, which: 'current' | 'all'): number[] {
  const viewer = liveViewers.get(id);
  // `do` then Ctrl+S at once: the edit counts before its (deferred) dirty check has run.
  viewer?.flushDirty();
  const s = sessionOf(id);
  if (!s || !viewer) return [];
  const dirty = s.dirty.flatMap((d, i) => (d ? [i] : []));
  if (which === 'all') return dirty;
  const focused = viewer.focusedPane;
  if (s.dirty[focused]) return [focused];
  return dirty.length === 1 ? dirty : [];
}

/** Open the save confirmation for a side: what runs, and whether the host file is still as read. */
export async function requestSave(id: string, which: 'current' | 'all' = 'current'): Promise<void> {
  const [index] = paneToSave(id, which);
  const s = sessionOf(id);
  const viewer = liveViewers.get(id);
  if (!s?.sides || !viewer) return;
  if (index === undefined) {
    patchSession(id, {
      message: {
        text: s.dirty.some(Boolean)
          ? 'Several files have edits: focus the one to save'
          : 'No changes to save',
        tone: 'info',
      },
    });
    return;
  }
  const side = hostSide(s.sides[index]);
  if (!side || !viewer.editable(index)) {
    patchSession(id, {
      message: { text: `${s.sides[index]?.label} cannot be saved from here`, tone: 'warn' },
    });
    return;
  }
  const d = diffLines(side.content, viewer.text(index), {
    ignoreWhitespace: false,
    ignoreComments: false,
    kind: side.kind,
  });
  let added = 0;
  let removed = 0;
  for (const c of d.changes) {
    added += c.toB - c.fromB;
    removed += c.toA - c.fromA;
  }
  patchSession(id, {
    save: {
      index,
      checks: null,
      current: 'checking',
      validate: true,
      reload: false,
      saving: false,
      error: null,
      added,
      removed,
    },
  });
  const [checks, current] = await Promise.allSettled([
    client.call('diff.checks', { hostId: side.hostId as string, path: side.path }),
    client.call('diff.load', { sources: [side.source] }),
  ]);
  const now = current.status === 'fulfilled' ? current.value.sides[0] : undefined;
  patchSave(id, {
    checks: checks.status === 'fulfilled' ? checks.value : null,
    current: now && now.etag === side.etag ? 'same' : 'changed',
    validate: checks.status === 'fulfilled' && checks.value.validate !== undefined,
    ...(current.status === 'rejected' ? { error: toErrorShape(current.reason) } : {}),
  });
}

export async function confirmSave(id: string): Promise<void> {
  const s = sessionOf(id);
  const dialog = s?.save;
  const viewer = liveViewers.get(id);
  const side = hostSide(s?.sides?.[dialog?.index ?? -1]);
  if (!s || !dialog || !viewer || !side || dialog.saving) return;
  const content = viewer.text(dialog.index);
  patchSave(id, { saving: true, error: null });
  try {
    const r = await client.call('diff.save', {
      hostId: side.hostId as string,
      path: side.path,
      content,
      expectedEtag: side.etag,
      sudo: saveSudoFor(side.readVia),
      validate: dialog.validate,
      reload: dialog.reload,
    });
    viewer.markSaved(dialog.index, content);
    const saved: DiffSide = {
      ...side,
      content,
      etag: r.etag,
      missing: false,
      size: new TextEncoder().encode(content).length,
    };
    const now = sessionOf(id);
    patchSession(id, {
      save: null,
      sides: now?.sides?.map((x, i) => (i === dialog.index ? saved : x)) ?? null,
      message: { text: `Saved ${side.label}`, tone: 'info' },
    });
    notify(
      `Saved ${side.label}`,
      [
        r.backupPath ? `Previous version kept as ${r.backupPath}` : 'New file created',
        r.snapshotId ? `and as snapshot #${r.snapshotId}` : '',
        r.inPlace ?? '',
        r.reload ? `reload ${r.reload.ok ? 'ok' : 'FAILED'}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
    if (r.reload && !r.reload.ok)
      notifyError(`Saved, but the reload on ${side.hostName} failed`, {
        code: 'SSH_COMMAND_FAILED',
        message: `${r.reload.command} (exit ${r.reload.exitCode}): ${r.reload.output}`,
        hint: `The new file is in place. Restore the previous version from ${r.backupPath ?? 'the backup'} or snapshot #${r.snapshotId} if the service needs it.`,
      });
  } catch (err) {
    const e = toErrorShape(err);
    patchSave(id, {
      saving: false,
      error: e,
      ...(e.code === 'CONFLICT' ? { current: 'changed' } : {}),
    });
    if (e.code === 'CONFLICT') {
      const now = sessionOf(id);
      if (now)
        patchSession(id, {
          sideErrors: now.sideErrors.map((x, i) => (i === dialog.index ? e : x)),
        });
    }
  }
}

export async function takeSnapshot(id: string, index: number): Promise<void> {
  const side = hostSide(sessionOf(id)?.sides?.[index]);
  if (!side) return;
  try {
    const path = side.source.kind === 'host' ? side.source.path : side.path;
    const snap = await client.call('snapshots.take', {
      hostId: side.hostId as string,
      path,
      note: '',
    });
    notify(
      `Snapshot #${snap.id} of ${side.hostName}:${path} kept`,
      'Compare against it later: Compare with… → Snapshot',
    );
  } catch (err) {
    notifyError('Could not keep a snapshot', err);
  }
}

/** Restore a snapshot: its content goes into the host file's pane; saving it (Ctrl+S) restores. */
export function restoreSnapshot(id: string, from: number, into: number): void {
  const viewer = liveViewers.get(id);
  if (!viewer) return;
  viewer.takeAll(from, into);
  viewer.focus(into);
  patchSession(id, {
    message: { text: 'Snapshot content taken: save to restore it', tone: 'info' },
  });
}
