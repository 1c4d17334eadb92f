import { describe, expect, it } from 'vitest';
import { emptyFind, initialQuery, queryError, resultText, type FindState } from './find-model';

const st = (patch: Partial<FindState>): FindState => ({ ...emptyFind, searched: true, ...patch });

describe('find bar model', () => {
  it('says where the selected match is, or that there is none', () => {
    expect(resultText(st({ query: 'zebra', index: 0, count: 3 }))).toBe('1 of 3');
    expect(resultText(st({ query: 'zebra', index: 2, count: 3 }))).toBe('3 of 3');
    expect(resultText(st({ query: 'zebra', index: -1, count: 5 }))).toBe('5 matches');
    expect(resultText(st({ query: 'zebra', count: 0 }))).toBe('No results');
    expect(resultText(st({ query: 'e', index: -1, count: 1000 }))).toBe('1000+ matches');
    expect(resultText(st({ query: '' }))).toBe('');
    expect(resultText({ ...emptyFind, query: 'typed, not searched yet' })).toBe('');
  });

  it('catches invalid regular expressions before xterm throws on them', () => {
    expect(queryError({ query: 'a(b', regex: true })).toMatch(/unterminated group/i);
    expect(queryError({ query: 'a(b', regex: false })).toBeNull();
    expect(queryError({ query: 'err(or)?\\d+', regex: true })).toBeNull();
    expect(resultText(st({ query: '[', regex: true }))).toBe('Invalid regex');
    expect(resultText({ ...emptyFind, query: '[', regex: true })).toBe('Invalid regex');
  });

  it('starts from a short one-line selection, else the previous query', () => {
    expect(initialQuery('  mysqld ', 'old')).toBe('mysqld');
    expect(initialQuery('line one\nline two', 'old')).toBe('old');
    expect(initialQuery('', 'old')).toBe('old');
    expect(initialQuery('x'.repeat(201), 'old')).toBe('old');
  });
});
