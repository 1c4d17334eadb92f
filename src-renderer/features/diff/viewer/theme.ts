import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import type { Extension } from '@codemirror/state';
import { tags as t } from '@lezer/highlight';

/** Colours from the app's theme variables, so light and dark follow the app. */
const highlight = HighlightStyle.define([
  { tag: t.comment, color: 'var(--dv-comment)', fontStyle: 'italic' },
  { tag: [t.heading, t.processingInstruction], color: 'var(--dv-heading)', fontWeight: '600' },
  {
    tag: [t.keyword, t.definitionKeyword, t.propertyName, t.definition(t.variableName)],
    color: 'var(--dv-keyword)',
  },
  { tag: [t.string, t.special(t.string)], color: 'var(--dv-string)' },
  { tag: [t.number, t.bool, t.atom], color: 'var(--dv-number)' },
  { tag: [t.variableName, t.attributeName], color: 'var(--dv-variable)' },
]);

export const editorTheme: Extension = [
  syntaxHighlighting(highlight),
  EditorView.theme({
    '&': { fontSize: '12px', backgroundColor: 'var(--bg)', color: 'var(--text)' },
    '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--text)' },
    '.cm-gutters': {
      backgroundColor: 'var(--bg-panel)',
      color: 'var(--text-faint)',
      borderRight: '1px solid var(--border)',
    },
    '.cm-activeLine': { backgroundColor: 'var(--dv-active-line)' },
    '.cm-activeLineGutter': { backgroundColor: 'var(--dv-active-line)' },
    '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
    '&.cm-focused': { outline: 'none' },
    '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': {
      backgroundColor: 'var(--bg-selected-strong) !important',
    },
    '.cm-panels': { backgroundColor: 'var(--bg-panel)', color: 'var(--text)' },
    '.cm-specialChar': { color: 'var(--crit)' },
  }),
];

/** An editor that scrolls on its own (the 3-way panes, the unified view). */
export const scrollingEditor: Extension = EditorView.theme({
  '&': { height: '100%' },
  '.cm-scroller': { overflow: 'auto' },
});
