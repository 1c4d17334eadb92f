import { DiffViewer } from './diff-viewer';
import type { ViewerEvents } from './viewer-types';

const quiet: ViewerEvents = {
  dirty: () => {},
  message: () => {},
  position: () => {},
  save: () => {},
  exPrompt: () => {},
  collapse: () => {},
  mode: () => {},
  close: () => {},
};

/** A small config pair with changes at the top, in the middle and at the end. */
function samplePair(): [string, string] {
  const a: string[] = [];
  for (let i = 0; i < 120; i++) a.push(i % 40 === 0 ? `[section_${i}]` : `option_${i} = ${i}`);
  const b = a.map((line, i) => (i % 37 === 5 ? `${line}0` : line));
  b.splice(60, 2, 'added = on');
  return [`${a.join('\n')}\n`, `${b.join('\n')}\n`];
}

/**
 * Run the viewer once, out of sight, on a small pair (build, `]c`, measure, destroy) so that the
 * browser has compiled its code before the first real comparison opens: the JavaScript engine
 * compiles functions on their first call, and that first call would otherwise be inside the
 * user's first click. Returns a function that stops it at once (a real viewer is being mounted).
 */
export function warmUpViewer(): () => void {
  const host = document.body.appendChild(document.createElement('div'));
  host.inert = true; // out of the tab order and the accessibility tree
  host.className = 'diff-view dv-warm-up';
  host.style.cssText =
    'position:fixed;left:-10000px;top:0;width:900px;height:300px;overflow:hidden;contain:strict;';
  const [a, b] = samplePair();
  let viewer: DiffViewer | undefined = new DiffViewer(
    host,
    [
      { label: 'a', content: a, editable: false, kind: 'mysql' },
      { label: 'b', content: b, editable: true, kind: 'mysql' },
    ],
    { layout: 'side', ignoreWhitespace: false, ignoreComments: false, collapse: true, vim: false },
    quiet,
  );
  viewer.next(1, 1, 1, false);
  let frame = requestAnimationFrame(() => {
    viewer?.next(1, 1, 1, false);
    frame = requestAnimationFrame(() => stop());
  });
  const stop = () => {
    cancelAnimationFrame(frame);
    viewer?.destroy();
    viewer = undefined;
    host.remove();
    performance.mark('opsdeck:diff:warm-up'); // the diff bench waits for it (as a user's typing would)
  };
  return stop;
}
