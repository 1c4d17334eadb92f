import type { Change } from '@codemirror/merge';
import { describe, expect, it } from 'vitest';
import type { CompareOptions } from '../../../../src-main/contract';
import { lineRegionsOffThread } from './line-diff-client';
import { diffConfigFor, lineChanges } from './line-changes';
import { lineRegions } from './line-regions';

const raw: CompareOptions = { ignoreWhitespace: false, ignoreComments: false, kind: 'mysql' };
const lines = (n: number, edit: (i: number) => string | null = () => null) =>
  `${Array.from({ length: n }, (_x, i) => edit(i) ?? `key_${i} = ${i}`).join('\n')}\n`;
const a = lines(400);
const b = lines(400, (i) => (i === 10 ? 'key_10 = ten' : i === 300 ? '# gone' : null));
const plain = (cs: readonly Change[]) => cs.map((c) => [c.fromA, c.toA, c.fromB, c.toB]);

describe('viewer line changes computed ahead (the diff worker) or in place', () => {
  it('regions computed ahead give the merge view the same changes as diffing in place', () => {
    const known = { a, b, regions: lineRegions(a, b, raw) };
    const override = diffConfigFor(raw, known).override;
    expect(override).toBeDefined();
    expect(plain(override?.(a, b) ?? [])).toEqual(plain(lineChanges(a, b, raw)));
    expect(plain(lineChanges(a, b, raw)).length).toBeGreaterThan(0);
  });

  it('another pair (an edit, :diffupdate) is diffed afresh, not answered from the regions', () => {
    const known = { a, b, regions: lineRegions(a, b, raw) };
    const edited = b.replace('key_200 = 200', 'key_200 = changed');
    const got = diffConfigFor(raw, known).override?.(a, edited) ?? [];
    expect(plain(got)).toEqual(plain(lineChanges(a, edited, raw)));
    expect(got.length).toBeGreaterThan(plain(lineChanges(a, b, raw)).length);
  });

  it('without a worker (here: no Worker in Node) the regions are computed on this thread', async () => {
    expect(await lineRegionsOffThread(a, b, raw)).toEqual(lineRegions(a, b, raw));
  });

  it('ignore options are part of the answer', () => {
    const spaced = a.replace('key_5 = 5', 'key_5  =  5');
    expect(lineRegions(a, spaced, raw).changes).toHaveLength(1);
    expect(lineRegions(a, spaced, { ...raw, ignoreWhitespace: true }).changes).toHaveLength(0);
  });
});
