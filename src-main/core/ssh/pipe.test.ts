import { describe, expect, it } from 'vitest';
import { lineScanner, supervised } from './pipe';

describe('pipe helpers', () => {
  it('finds comment lines across chunk boundaries, skipping long data lines', () => {
    const seen: string[] = [];
    const scan = lineScanner((l) => seen.push(l));
    const text = `-- first\nINSERT ${'x'.repeat(10_000)}\n-- CHANGE MASTER TO MASTER_LOG_FILE='a', MASTER_LOG_POS=4;\nSET @@GLOBAL.GTID_PURGED='u:1';\n/* c */\n`;
    const buf = Buffer.from(text);
    for (let i = 0; i < buf.length; i += 7) scan(buf.subarray(i, i + 7));
    expect(seen).toEqual([
      '-- first',
      "-- CHANGE MASTER TO MASTER_LOG_FILE='a', MASTER_LOG_POS=4;",
      "SET @@GLOBAL.GTID_PURGED='u:1';",
      '/* c */',
    ]);
  });

  it('supervised commands keep stdin, report their pid and fail a pipeline on any failure', () => {
    const cmd = supervised("mariadb-dump 'db' | pv -q -L 64k");
    expect(cmd).toMatch(
      /; exec 3<&0; bash -c 'set -o pipefail; mariadb-dump '\\''db'\\'' \| pv -q -L 64k' <&3 3<&- & p=\$!/,
    );
    // …with the host's boot id and its own start time, so a stop can tell a reused id.
    expect(cmd).toMatch(/^b=\$\(cat \/proc\/sys\/kernel\/random\/boot_id/);
    expect(cmd).toMatch(
      /echo "@@opsdeck-pid \$p \$\$ \$\(ps -o sid= -p \$\$ [^"]*\) \$b \$t" >&2; wait \$p$/,
    );
  });
});
