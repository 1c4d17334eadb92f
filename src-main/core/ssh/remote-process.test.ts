import { describe, expect, it } from 'vitest';
import { keptStderr } from './remote-process';

describe("a remote command's kept stderr", () => {
  it('drops count lines, also one split between two chunks', () => {
    let kept = '';
    for (const chunk of [
      'mariadb-dump: start\n@@opsdeck-re',
      'ad 4',
      '5\nerror 1356\n@@opsdeck-read 9\n',
    ])
      kept = keptStderr(kept, chunk);
    expect(kept).toBe('mariadb-dump: start\nerror 1356\n');
  });

  it("keeps the end — the failure's own words — after a long verbose log", () => {
    let kept = '';
    for (let n = 0; n < 5000; n++)
      kept = keptStderr(kept, `-- Retrieving table structure for table t${n}...\n`);
    kept = keptStderr(
      kept,
      "mariadb-dump: Couldn't execute 'SHOW FIELDS FROM `zz_broken`': 1356\n",
    );
    expect(kept.length).toBeLessThanOrEqual(128 * 1024);
    expect(kept).toMatch(/1356\n$/);
  });
});
