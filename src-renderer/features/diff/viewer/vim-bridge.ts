import { Prec, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { getCM, Vim } from '@replit/codemirror-vim';
import type { KeyTarget } from './keys-layer';

/**
 * What vim's vimdiff keys act on (the viewer): the moves the keys layer has, plus a typed ex
 * command line. Declared here so the bridge does not import the viewer that imports it.
 */
export interface VimdiffTarget extends Pick<KeyTarget, 'next' | 'obtain' | 'put' | 'folds'> {
  /** Run an ex command line (`w`, `diffget 3`…) typed in pane `index`. */
  exIn(index: number, input: string): void;
}

/** Which viewer (and pane) an editor belongs to: vim's actions are global, the viewers are not. */
export const viewers = new WeakMap<EditorView, { viewer: VimdiffTarget; index: number }>();

let registered = false;
type Cm = { cm6: EditorView };
const of = (cm: Cm) => viewers.get(cm.cm6);

/**
 * vimdiff's keys in the full vim keymap (@replit/codemirror-vim): `]c` `[c` as actions (with a
 * count), `zR` `zM` (every fold of unchanged lines opened / closed), `:w` `:wa` `:diffupdate` `:diffget` `:diffput` `:q` as ex commands. `do` and `dp` are
 * caught in diffKeysBeforeVim: the keymap's `d` operator takes the `d` at once, so a two-key
 * mapping starting with it never matches.
 */
export function registerVimdiff(): void {
  if (registered) return;
  registered = true;
  Vim.defineAction('opsdeckNextChange', (cm, args) => {
    const t = of(cm);
    t?.viewer.next(1, args.repeat || 1, t.index);
  });
  Vim.defineAction('opsdeckPrevChange', (cm, args) => {
    const t = of(cm);
    t?.viewer.next(-1, args.repeat || 1, t.index);
  });
  Vim.defineAction('opsdeckOpenFolds', (cm) => of(cm)?.viewer.folds(true));
  Vim.defineAction('opsdeckCloseFolds', (cm) => of(cm)?.viewer.folds(false));
  Vim.mapCommand(']c', 'action', 'opsdeckNextChange', {}, { context: 'normal' });
  Vim.mapCommand('zR', 'action', 'opsdeckOpenFolds', {}, { context: 'normal' });
  Vim.mapCommand('zM', 'action', 'opsdeckCloseFolds', {}, { context: 'normal' });
  Vim.mapCommand('[c', 'action', 'opsdeckPrevChange', {}, { context: 'normal' });
  const ex = (name: string, prefix: string) =>
    Vim.defineEx(name, prefix, (cm, params) => {
      const t = of(cm);
      t?.viewer.exIn(t.index, `${params.commandName} ${params.argString ?? ''}`);
    });
  ex('write', 'w');
  ex('wall', 'wa');
  ex('xit', 'x');
  ex('diffupdate', 'diffu');
  ex('diffget', 'diffg');
  ex('diffput', 'diffp');
  ex('quit', 'q');
}

/**
 * Runs before vim's key handler: with the `d` operator pending (nothing else typed), `o` and `p`
 * are vimdiff's obtain and put (a count before `d` names the pane: `3do`).
 */
export function diffKeysBeforeVim(): Extension {
  return Prec.highest(
    EditorView.domEventHandlers({
      keydown(e, view) {
        if (e.ctrlKey || e.metaKey || e.altKey || (e.key !== 'o' && e.key !== 'p')) return false;
        const cm = getCM(view);
        const vim = cm?.state.vim;
        const input = vim?.inputState;
        if (!cm || !vim || !input || vim.insertMode || vim.visualMode) return false;
        if (input.operator !== 'delete' || input.motion || input.motionRepeat.length) return false;
        const t = viewers.get(view);
        if (!t) return false;
        const count = input.prefixRepeat.length ? Number(input.prefixRepeat.join('')) : null;
        Vim.handleKey(cm, '<Esc>', 'user');
        if (e.key === 'o') t.viewer.obtain(count, t.index);
        else t.viewer.put(count, t.index);
        e.preventDefault();
        return true;
      },
    }),
  );
}
