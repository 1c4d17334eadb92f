import { describe, expect, it } from 'vitest';
import { parseEx } from './ex-command';

describe('the viewer command line (vim abbreviations)', () => {
  it('saves the current file with :w :x :wq and every file with :wa :xa', () => {
    for (const c of ['w', ':w', 'write', 'w!', 'x', 'wq'])
      expect(parseEx(c)).toEqual({ kind: 'save', which: 'current' });
    for (const c of ['wa', 'wall', 'wqa', 'xa'])
      expect(parseEx(c)).toEqual({ kind: 'save', which: 'all' });
  });

  it('recomputes with any abbreviation of :diffupdate down to :diffu', () => {
    for (const c of [
      'diffu',
      'diffup',
      'diffupd',
      'diffupda',
      'diffupdat',
      'diffupdate',
      'diffupdate!',
    ])
      expect(parseEx(c)).toEqual({ kind: 'diffupdate' });
    expect(parseEx('diff')).toEqual({ kind: 'unknown', name: 'diff' });
  });

  it('takes a pane number after :diffget / :diffput, and none when it is not a number', () => {
    expect(parseEx(' :diffget 3 ')).toEqual({ kind: 'obtain', count: 3 });
    expect(parseEx('diffg')).toEqual({ kind: 'obtain', count: null });
    expect(parseEx('diffput 1')).toEqual({ kind: 'put', count: 1 });
    expect(parseEx('diffp left')).toEqual({ kind: 'put', count: null });
  });

  it('closes with :q and its variants; an empty line does nothing; the rest is named back', () => {
    for (const c of ['q', 'quit', 'q!', 'qa', 'qa!']) expect(parseEx(c)).toEqual({ kind: 'close' });
    expect(parseEx('  ')).toEqual({ kind: 'empty' });
    expect(parseEx(':e /etc/hosts')).toEqual({ kind: 'unknown', name: 'e' });
  });
});
