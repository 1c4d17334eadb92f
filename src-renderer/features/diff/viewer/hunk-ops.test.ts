import { Chunk } from '@codemirror/merge';
import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { CompareOptions } from '../../../../src-main/contract';
import db1 from '../../../../testing/samples/diff/db1-my.cnf?raw';
import db2 from '../../../../testing/samples/diff/db2-my.cnf?raw';
import { changeTarget, chunkAt, transferChunk, type Side } from './hunk-ops';
import { diffConfigFor } from './line-changes';

const raw: CompareOptions = { ignoreWhitespace: false, ignoreComments: false, kind: 'mysql' };
const lenient: CompareOptions = { ignoreWhitespace: true, ignoreComments: true, kind: 'mysql' };
const doc = (s: string) => Text.of(s.split('\n'));
const chunksOf = (a: Text, b: Text, o = raw) => Chunk.build(a, b, diffConfigFor(o));
const lineOf = (d: Text, pos: number) => d.lineAt(pos).text;

/** Apply `do` (into = the pane that receives) for the chunk at `pos` of that pane. */
function obtain(a: Text, b: Text, into: Side, pos: number, o = raw): [Text, Text] {
  const chunks = chunksOf(a, b, o);
  const i = chunkAt(chunks, into, into === 'a' ? a : b, pos);
  expect(i).toBeGreaterThanOrEqual(0);
  const t = transferChunk(chunks[i]!, into, a, b);
  const target = t.side === 'a' ? a : b;
  const changed = target.replace(t.from, t.to, Text.of(t.insert.split('\n')));
  return t.side === 'a' ? [changed, b] : [a, changed];
}

describe('hunks of a recorded my.cnf pair (lab db1 vs a hand-tuned db2)', () => {
  const A = doc(db1);
  const B = doc(db2);

  it('finds every change; ignoring whitespace and comments leaves the real ones', () => {
    const starts = (o: CompareOptions) =>
      chunksOf(A, B, o).map((c) => lineOf(B, Math.min(c.fromB, B.length)));
    expect(starts(raw)).toEqual([
      expect.stringContaining('# MariaDB of lab host db2'),
      '# tuned by hand, do not overwrite',
      'server_id = 2',
      'max_connect_errors = 100000', // where db1's skip_name_resolve was
      'collation_server   =   utf8mb4_general_ci',
      'innodb_buffer_pool_size = 64M',
    ]);
    expect(starts(lenient)).toEqual([
      'server_id = 2',
      'max_connect_errors = 100000',
      'innodb_buffer_pool_size = 64M',
    ]);
  });

  it(']c walks down the changes and stops at the last; [c walks back; a count jumps', () => {
    const chunks = chunksOf(A, B);
    const seen: string[] = [];
    let pos: number | null = 0;
    for (;;) {
      pos = changeTarget(chunks, 'b', B, pos, 1);
      if (pos === null) break;
      seen.push(lineOf(B, pos));
    }
    expect(seen).toHaveLength(5); // the first change is on line 1, where the cursor starts
    expect(seen.at(-1)).toBe('innodb_buffer_pool_size = 64M');
    const last = B.line(B.lines).from;
    expect(lineOf(B, changeTarget(chunks, 'b', B, last, -1)!)).toBe(
      'innodb_buffer_pool_size = 64M',
    );
    expect(lineOf(B, changeTarget(chunks, 'b', B, 0, 1, 2)!)).toBe('server_id = 2');
    // Inside a change, [c goes to that change's start (as in vimdiff).
    const bind = B.toString().indexOf('bind-address');
    expect(lineOf(B, changeTarget(chunks, 'b', B, bind, -1)!)).toBe('server_id = 2');
  });

  it('do takes the other side’s lines for the hunk at the cursor; dp gives them', () => {
    const at = (d: Text, text: string) => d.toString().indexOf(text);
    const [, b1] = obtain(A, B, 'b', at(B, 'bind-address'));
    expect(b1.toString()).toContain('server_id = 1\nbind-address = 127.0.18.1\nport');
    expect(chunksOf(A, b1)).toHaveLength(5);
    // dp from db1 on the line only db1 has: db2 gets skip_name_resolve back, in place.
    const [, b2] = obtain(A, b1, 'b', at(A, 'skip_name_resolve'), raw);
    expect(b2.toString()).toContain(
      'binlog_expire_logs_seconds = 86400\nskip_name_resolve = ON\nmax_connect',
    );
    // do in db1's pane on a hunk that only db2 has: db1 gains the comment.
    const [a3] = obtain(A, b2, 'a', at(A, 'user = mysql'));
    expect(a3.toString()).toContain('[mysqld]\n# tuned by hand, do not overwrite\nuser = mysql');
  });

  it('taking every hunk makes the files equal (under either option set)', () => {
    for (const o of [raw, lenient]) {
      let a = A;
      let b = B;
      for (let guard = 0; guard < 20; guard++) {
        const chunks = chunksOf(a, b, o);
        if (!chunks.length) break;
        [a, b] = obtain(a, b, 'b', Math.min(chunks[0]!.fromB, b.length), o);
      }
      expect(chunksOf(a, b, o)).toEqual([]);
      if (o === raw) expect(b.toString()).toBe(A.toString());
    }
  });
});

describe('hunks at the edges of a file', () => {
  it('moves a last line without a final newline, and lines only one side has at the end', () => {
    let [a, b] = obtain(doc('a\nb\nc'), doc('a\nb\nC'), 'b', 4 + 0);
    expect(b.toString()).toBe('a\nb\nc');
    [a, b] = obtain(doc('a\nb\nc\nd\n'), doc('a\nb\n'), 'b', doc('a\nb\n').length);
    expect(b.toString()).toBe('a\nb\nc\nd\n');
    [a, b] = obtain(doc('x\ny\n'), doc('x\ny\nextra\n'), 'b', 'x\ny\n'.length);
    expect(b.toString()).toBe('x\ny\n');
    expect(a.toString()).toBe('x\ny\n');
  });

  it('a missing file (empty side) takes everything', () => {
    const [, b] = obtain(doc('[mysqld]\nport = 1\n'), doc(''), 'b', 0);
    expect(b.toString()).toBe('[mysqld]\nport = 1\n');
  });

  it('keeps CR of CRLF lines as part of the line (no silent conversion)', () => {
    const chunks = chunksOf(doc('a\r\nb\r\n'), doc('a\nb\n'));
    expect(chunks).toHaveLength(1);
    expect(chunksOf(doc('a\r\nb\r\n'), doc('a\nb\n'), { ...raw, ignoreWhitespace: true })).toEqual(
      [],
    );
  });
});

describe('finding chunks in a long file (binary search over the sorted chunk list)', () => {
  // Every kind of chunk, many times: changed lines, lines only A has, lines only B has, at the
  // first and last line too.
  const a: string[] = [];
  const b: string[] = [];
  for (let i = 0; i < 600; i++) {
    const k = i % 7;
    if (k !== 3) a.push(`key_${i} = ${i}`);
    if (k === 1) b.push(`key_${i} = changed`);
    else if (k !== 5) b.push(`key_${i} = ${i}`);
  }
  b.push('only_b_at_the_end = 1');
  const A = doc(a.join('\n'));
  const B = doc(b.join('\n'));
  const chunks = chunksOf(A, B);
  /** The plain walk over every chunk that the binary search replaced. */
  const linearAt = (side: Side, d: Text, pos: number) => {
    const line = d.lineAt(pos);
    return chunks.findIndex((c) => {
      const [from, to] = side === 'a' ? [c.fromA, c.toA] : [c.fromB, c.toB];
      if (from < to) return from <= line.to && to > line.from;
      return from === line.from || from === line.to + 1;
    });
  };
  const linearTarget = (side: Side, d: Text, pos: number, dir: 1 | -1) => {
    const line = d.lineAt(pos);
    const starts = chunks.map((c) => Math.min(side === 'a' ? c.fromA : c.fromB, d.length));
    const from = dir > 0 ? line.to : line.from;
    return (
      (dir > 0 ? starts.find((s) => s > from) : starts.reverse().find((s) => s < from)) ?? null
    );
  };

  it('gives the same chunk and the same ]c / [c target as a walk over all chunks, on every line', () => {
    expect(chunks.length).toBeGreaterThan(150);
    for (const [side, d] of [
      ['a', A],
      ['b', B],
    ] as const)
      for (let n = 1; n <= d.lines; n++) {
        const pos = d.line(n).from;
        expect(chunkAt(chunks, side, d, pos)).toBe(linearAt(side, d, pos));
        expect(changeTarget(chunks, side, d, pos, 1)).toBe(linearTarget(side, d, pos, 1));
        expect(changeTarget(chunks, side, d, pos, -1)).toBe(linearTarget(side, d, pos, -1));
      }
  });
});
