import { useEffect, useState } from 'react';
import { toErrorShape, type ErrorShape, type RunDetail } from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { TypedConfirmDialog } from '../../ui/TypedConfirmDialog';

/** The dry run's answer: what the discard would delete and leave, and what a rollback would undo. */
interface Preview {
  deleted: string[];
  left: string[];
  wouldUndo: string[];
}

/**
 * Confirmation of discarding a stopped run. It first asks the core what the discard would do (a
 * dry run): it names every thing left as it is (changes not undone, files left on hosts, an
 * instance launched and not seen terminated) and the vault entries that go. While a rollback is
 * still possible it says what the rollback would undo, recommends it, and asks to type the run
 * id to give it up; otherwise only Opsdeck's own records change and there is nothing to type.
 */
export function DiscardRunDialog({ run, onClose }: { run: RunDetail; onClose(): void }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [refused, setRefused] = useState<ErrorShape | null>(null);
  useEffect(() => {
    let live = true;
    client
      .call('workflows.discard', { runId: run.id, dryRun: true })
      .then((p) => live && setPreview(p))
      .catch((err: unknown) => live && setRefused(toErrorShape(err)));
    return () => {
      live = false;
    };
  }, [run.id]);
  const short = run.id.slice(0, 8);
  const givesUp = (preview?.wouldUndo.length ?? 0) > 0;
  const discard = async () => {
    const r = await client.call('workflows.discard', { runId: run.id, force: givesUp });
    notify(
      `Run ${short} discarded${r.deleted.length ? `; ${r.deleted.length} vault entr${r.deleted.length > 1 ? 'ies' : 'y'} deleted` : ''}${r.left.length ? `; ${r.left.length} thing${r.left.length > 1 ? 's' : ''} left as it is` : ''}`,
    );
    onClose();
  };
  return (
    <TypedConfirmDialog
      title={`Discard this ${run.status} run?`}
      consequence={
        <>
          <p>
            It will never be resumed or rolled back. The secrets its start kept in the vault (such
            as a launch&apos;s user data) are deleted.
          </p>
          {givesUp ? (
            <p data-testid="discard-rollback">
              A rollback is still possible: it would undo{' '}
              {preview?.wouldUndo.map((t) => `“${t}”`).join(', ')}. Roll it back first (Cancel,
              then Roll back) unless you will put things right by hand.
            </p>
          ) : null}
        </>
      }
      items={[{ id: run.id, label: run.title, detail: `${run.subject} · ${short}` }]}
      {...(givesUp
        ? {
            typed: {
              prompt: (
                <>
                  Type the run id <code>{short}</code> to give up its rollback
                </>
              ),
              accepted: [short, run.id],
            },
          }
        : {})}
      verb={givesUp ? 'Discard, give up the rollback' : 'Discard run'}
      busyVerb="Discarding…"
      canConfirm={preview !== null}
      onConfirm={discard}
      onClose={onClose}
      testId="confirm-discard"
      submitTestId="confirm-discard-submit"
      inputTestId="confirm-discard-typed"
    >
      {refused ? <ErrorNote error={refused} testId="discard-refused" /> : null}
      {preview === null && !refused ? <p className="muted">Working out what stays…</p> : null}
      {preview?.left.length ? (
        <div data-testid="discard-left">
          <p>Left as it is (put it right by hand):</p>
          <ul className="mono">
            {preview.left.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview && !preview.left.length ? (
        <p className="muted" data-testid="discard-left">
          Nothing it changed is left to undo: no change, file or instance of it stays. Its log,
          changes and the audit trail are kept.
        </p>
      ) : null}
    </TypedConfirmDialog>
  );
}
