import { useState } from 'react';
import { ChangePosition } from './ChangePosition';
import { patchSession, type DiffSession } from './diff-store';
import { useSessionStatus } from './session-view';
import { liveViewers } from './viewer-registry';

/**
 * Mode, keys typed so far, the last message, where the cursor is; `:` opens a command line. The
 * keys typed and the message are read here, not from the tab's session: they change with keys
 * and re-render this line alone; the position (every `]c`) re-renders nothing (ChangePosition).
 */
export function StatusLine({ session: s }: { session: DiffSession }) {
  const [ex, setEx] = useState('');
  const { pending, message } = useSessionStatus(s.id);
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
      <ChangePosition sessionId={s.id} />
    </footer>
  );
}
