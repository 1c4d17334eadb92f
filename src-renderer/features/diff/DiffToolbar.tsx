import { requestSave, takeSnapshot } from './diff-actions';
import { hostSide } from './diff-sources';
import { setOption as setSessionOption, type DiffOptions, type DiffSession } from './diff-store';
import { liveViewers } from './viewer-registry';

/** Every key action is also a button; its tooltip names the key. */
export function DiffToolbar({ session: s }: { session: DiffSession }) {
  const viewer = () => liveViewers.get(s.id);
  const three = s.sides?.length === 3;
  const setOption = <K extends keyof DiffOptions>(k: K, v: DiffOptions[K]) =>
    setSessionOption(s.id, k, v);
  const focused = s.position?.pane ?? (three ? 1 : 0);
  const focusedHost = hostSide(s.sides?.[focused]);
  const act = (f: () => void) => () => {
    f();
    viewer()?.focus();
  };
  const button = (
    label: string,
    title: string,
    onClick: () => void,
    testId: string,
    disabled = false,
  ) => (
    <button
      type="button"
      className="btn small"
      title={title}
      aria-label={title}
      disabled={disabled || !s.sides}
      onClick={onClick}
      data-testid={testId}
    >
      {label}
    </button>
  );
  const check = (
    k: 'ignoreWhitespace' | 'ignoreComments' | 'collapse' | 'vim',
    label: string,
    title: string,
  ) => (
    <label className="check small" title={title}>
      <input
        type="checkbox"
        checked={s.options[k]}
        onChange={(e) => setOption(k, e.target.checked)}
        data-testid={`diff-opt-${k}`}
      />
      {label}
    </label>
  );
  return (
    <div className="diff-toolbar" role="toolbar" aria-label="Compare">
      <h1 className="diff-title" title={s.title}>
        {s.title}
      </h1>
      <span className="toolbar-sep" />
      {button(
        '↑',
        'Previous change ([c, Alt+↑)',
        act(() => viewer()?.next(-1)),
        'diff-prev',
      )}
      {button(
        '↓',
        'Next change (]c, Alt+↓)',
        act(() => viewer()?.next(1)),
        'diff-next',
      )}
      {button(
        'Obtain',
        'Take the other file’s version of the change at the cursor (do, Alt+O)',
        act(() => viewer()?.obtain()),
        'diff-obtain',
      )}
      {button(
        'Put',
        'Give the change at the cursor to the other file (dp, Alt+P)',
        act(() => viewer()?.put()),
        'diff-put',
      )}
      {s.options.vim
        ? null
        : button(
            s.editing ? 'Stop editing' : 'Edit',
            s.editing
              ? 'Back to the vimdiff keys (Esc)'
              : 'Type in the focused file (i or Enter; Esc stops)',
            act(() => (s.editing ? viewer()?.stopEditing() : viewer()?.startEditing())),
            'diff-edit',
          )}
      <button
        type="button"
        className="btn small primary"
        title="Save the file with edits to its host (:w, Ctrl+S; :wa saves all)"
        disabled={!s.dirty.some(Boolean)}
        onClick={() => void requestSave(s.id)}
        data-testid="diff-save"
      >
        Save
      </button>
      {button(
        'Update',
        'Recompute the differences from scratch (:diffupdate)',
        act(() => viewer()?.update()),
        'diff-update',
      )}
      <span className="toolbar-sep" />
      <div className="dv-seg" role="group" aria-label="Layout">
        <button
          type="button"
          className={`btn small${s.options.layout === 'side' ? ' on' : ''}`}
          aria-pressed={s.options.layout === 'side'}
          title="Both files side by side, aligned"
          disabled={three}
          onClick={() => setOption('layout', 'side')}
          data-testid="diff-layout-side"
        >
          Side by side
        </button>
        <button
          type="button"
          className={`btn small${s.options.layout === 'unified' ? ' on' : ''}`}
          aria-pressed={s.options.layout === 'unified'}
          title={three ? 'A 3-way compare is shown side by side' : 'One column, like diff -u'}
          disabled={three}
          onClick={() => setOption('layout', 'unified')}
          data-testid="diff-layout-unified"
        >
          Unified
        </button>
      </div>
      <span className="diff-ignore">
        Ignore
        {check(
          'ignoreWhitespace',
          'whitespace',
          'Spaces, tabs, blank lines and line endings do not count (diff -w -B)',
        )}
        {check(
          'ignoreComments',
          'comments',
          'Comment lines of this kind of file do not count (# or ;)',
        )}
      </span>
      {check(
        'collapse',
        'Collapse',
        three
          ? 'Unchanged lines are shown in full in a 3-way compare'
          : 'Fold unchanged lines, 3 lines of context around each change, as vimdiff does (zM folds them all, zR opens them all; click a fold to open it)',
      )}
      {check(
        'vim',
        'Vim keys',
        'The full vim keymap in the editors (vimdiff keys work either way)',
      )}
      <span className="spacer" />
      {button(
        'Snapshot',
        focusedHost
          ? `Keep ${focusedHost.label} as it is now on the host (in Opsdeck’s store, encrypted)`
          : 'Focus a host file to keep a snapshot of it',
        () => void takeSnapshot(s.id, focused),
        'diff-snapshot',
        !focusedHost,
      )}
    </div>
  );
}
