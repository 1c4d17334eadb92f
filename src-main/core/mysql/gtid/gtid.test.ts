import { describe, expect, it } from 'vitest';
import { parseMariaGtids, positionByDomain, seqDelta } from './mariadb-gtid';
import {
  formatGtidSet,
  gtidCount,
  isGtidSubset,
  parseGtidSet,
  subtractGtid,
  unionGtid,
} from './mysql-gtid-set';

const A = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
const B = '4d22fb58-82db-22f2-af44-d91bb8530673';

describe('MySQL GTID sets', () => {
  it('parse, merge adjacent intervals and format like the server', () => {
    const s = parseGtidSet(`${A.toUpperCase()}:1-5:6-9:12,\n${B}:3`);
    expect(formatGtidSet(s)).toBe(`${A}:1-9:12,${B}:3`);
    expect(gtidCount(s)).toBe(11);
  });

  it('GTID_SUBTRACT and GTID_SUBSET as MySQL defines them', () => {
    const a = parseGtidSet(`${A}:21-57`);
    const b = parseGtidSet(`${A}:20-25`);
    expect(formatGtidSet(subtractGtid(a, b))).toBe(`${A}:26-57`);
    expect(formatGtidSet(subtractGtid(parseGtidSet(`${A}:1-10`), parseGtidSet(`${A}:3-4:7`)))).toBe(
      `${A}:1-2:5-6:8-10`,
    );
    expect(isGtidSubset(parseGtidSet(`${A}:23`), a)).toBe(true);
    expect(isGtidSubset(b, a)).toBe(false);
    expect(formatGtidSet(unionGtid(a, b))).toBe(`${A}:20-57`);
  });

  it('keeps tagged GTIDs (8.3+) apart from untagged ones of the same source', () => {
    expect(formatGtidSet(parseGtidSet(`${A}:1-3,${A}:batch:1-2`))).toBe(`${A}:1-3,${A}:batch:1-2`);
  });
});

describe('MariaDB GTIDs', () => {
  it('positions per domain and how far apart they are', () => {
    const a = positionByDomain(parseMariaGtids('0-1-100,1-2-5,0-3-90'));
    const b = positionByDomain(parseMariaGtids('0-1-97'));
    expect([...a.values()].map((g) => `${g.domain}-${g.server}-${g.seq}`)).toEqual([
      '0-1-100',
      '1-2-5',
    ]);
    expect([...seqDelta(a, b)]).toEqual([
      [0, 3],
      [1, 5],
    ]);
  });
});
