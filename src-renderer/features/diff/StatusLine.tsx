import { useState } from 'react';
import { patchSession, type DiffSession } from './diff-store';
import { useSessionStatus } from './session-view';
import { liveViewers } from './viewer-registry';

/**
 * Mode, keys typed so far, the last message, where the cursor is; `:` opens a command line. The
 * keys typed, the message and the position are read here, not from the tab's session: they
 * change with every key and every `]c`, and re-render this line alone.
 */
export function StatusLine({ session: s }: { session: DiffSession }) {
  const [ex, setEx] = useState('');
  const { pending, message, position: pos } = useSessionStatus(s.id);
  const mode = s.options.vim ? 'VIM' : s.editing ? 'EDIT' : 'KEYS';
  const close = () => {
    setEx('');
    patchSession(s.id, { exOpen: false });
    liveViewers.get(s.id)?.focus();
  };
  return (
    <footer className="diff-status" data-testid="diff-status">
      <span
        className={`badge diff-mode${mode === 'EDIT' ? ' tone-warn' : mode === 'VIM' ? ' tone-busy' : ''}`}
        title={
          mode === 'KEYS'
            ? 'vimdiff keys: ]c [c next/previous change, do obtain, dp put, :w save, :diffupdate; i or Enter to edit'
            : mode === 'EDIT'
              ? 'Typing edits the file; Esc goes back to the vimdiff keys'
              : 'Full vim keymap, with ]c [c do dp :w :diffupdate'
        }
        data-testid="diff-mode"
      >
        {mode}
      </span>
      {s.exOpen ? (
        <form
          className="diff-ex"
          onSubmit={(e) => {
            e.preventDefault();
            const command = ex;
            close();
            liveViewers.get(s.id)?.ex(command);
          }}
        >
          <span className="mono">:</span>
          <input
            className="input mono"
            autoFocus
            aria-label="Command (w, wa, diffupdate, diffget, diffput, q)"
            value={ex}
            onChange={(e) => setEx(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), close())}
            data-testid="diff-ex"
          />
        </form>
      ) : (
        <>
          {pending ? <span className="mono diff-pending">{pending}</span> : null}
          <span
            className={`diff-message${message?.tone === 'warn' ? ' tone-text-warn' : ''}`}
            data-testid="diff-message"
          >
            {message?.text ?? ''}
          </span>
        </>
      )}
      <span className="spacer" />
      {pos ? (
        <span className="muted" data-testid="diff-position">
          {pos.changes === 0
            ? 'no differences'
            : `${pos.change ? `change ${pos.change} of ${pos.changes}` : `${pos.changes} change${pos.changes === 1 ? '' : 's'}`} · pane ${pos.pane + 1}`}
        </span>
      ) : null}
    </footer>
  );
}
