import type { DiffSide } from '../../../src-main/contract';
import { reloadSide, restoreSnapshot } from './diff-actions';
import type { DiffSession } from './diff-store';

function badges(side: DiffSide, dirty: boolean, editable: boolean) {
  const out: { text: string; tone: string; title: string }[] = [];
  if (dirty) out.push({ text: 'modified', tone: 'warn', title: 'Edited here, not saved yet' });
  if (side.missing)
    out.push({
      text: 'missing',
      tone: 'warn',
      title: 'The file does not exist: compared as empty; saving creates it',
    });
  if (side.readVia === 'sudo')
    out.push({ text: 'sudo', tone: 'info', title: 'Read (and saved) through sudo -n' });
  if (side.lineEndings === 'crlf')
    out.push({ text: 'CRLF', tone: 'info', title: 'Windows line endings (kept as they are)' });
  if (side.lineEndings === 'mixed')
    out.push({
      text: 'mixed line endings',
      tone: 'warn',
      title: 'Some lines end in CRLF, others in LF (each is kept as it is; ␍ marks a CR)',
    });
  if (!editable)
    out.push({
      text: 'read-only',
      tone: 'muted',
      title: side.editable
        ? 'In a 3-way compare the middle file is edited'
        : 'Snapshots, local files and templates are not saved from here',
    });
  return out;
}

/** The pane holding the same host file as snapshot `i` (to restore into), if one is open. */
function restoreTarget(sides: readonly DiffSide[], i: number): number | undefined {
  const snap = sides[i];
  const j = sides.findIndex(
    (x) =>
      x.source.kind === 'host' &&
      x.editable &&
      x.hostId === snap?.hostId &&
      (x.source.path === snap?.path || x.path === snap?.path),
  );
  return j >= 0 ? j : undefined;
}

/** One header per pane: which file, how it was read, what is special about it. */
export function SidesHeader({ session: s }: { session: DiffSession }) {
  const sides = s.sides ?? [];
  const unified = s.options.layout === 'unified' && sides.length === 2;
  const editable = (i: number) => !!sides[i]?.editable && (sides.length < 3 || i === 1);
  return (
    <div
      className={`diff-sides${unified ? ' unified' : ''} n${sides.length}`}
      data-testid="diff-sides"
    >
      {sides.map((side, i) => (
        <div
          key={i}
          className={`diff-side${s.position?.pane === i ? ' focused' : ''}`}
          data-testid={`diff-side-${i}`}
        >
          <span
            className="diff-side-n"
            title={`Pane ${i + 1} (a count before do/dp names it: ${i + 1}do)`}
          >
            {unified ? (i === 0 ? '−' : '+') : i + 1}
          </span>
          <span className="mono strong diff-side-label" title={side.label}>
            {side.label}
          </span>
          {badges(side, !!s.dirty[i], editable(i)).map((b) => (
            <span
              key={b.text}
              className={`badge${b.tone === 'warn' ? ' tone-warn' : ''}`}
              title={b.title}
            >
              {b.text}
            </span>
          ))}
          {side.snapshotId !== undefined && restoreTarget(sides, i) !== undefined ? (
            <button
              type="button"
              className="btn small"
              title="Make the host file this snapshot's content, then save it (validated, backup kept)"
              onClick={() => restoreSnapshot(s.id, i, restoreTarget(sides, i) as number)}
              data-testid={`diff-restore-${i}`}
            >
              Restore into {sides[restoreTarget(sides, i) as number]?.hostName}…
            </button>
          ) : null}
          {s.sideErrors[i] ? (
            <span className="diff-side-conflict" data-testid={`diff-conflict-${i}`}>
              <span className="tone-text-crit" title={s.sideErrors[i]?.message}>
                changed on the host
              </span>
              <button
                type="button"
                className="btn small"
                title="Read the file again (your edits in this pane are dropped; the other pane keeps its content)"
                onClick={() => void reloadSide(s.id, i)}
              >
                Reload
              </button>
            </span>
          ) : null}
        </div>
      ))}
    </div>
  );
}
