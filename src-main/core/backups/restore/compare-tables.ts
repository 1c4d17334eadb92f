import type { BackupCheck, TableStat } from '../../../contract';

type Found = Map<string, { rows: number; checksum?: string } | undefined>;

/**
 * A restore test's verdict: every table of the backup must be there with the rows counted at the
 * backup's consistent point, and the same CHECKSUM TABLE where one was taken.
 */
export function compareTables(
  expected: readonly TableStat[],
  found: Found,
): { ok: boolean; tables: NonNullable<BackupCheck['tables']>; problems: string[] } {
  const problems: string[] = [];
  const tables = expected.map((t) => {
    const f = found.get(t.table);
    if (!f) {
      problems.push(`${t.table} is missing`);
      return { table: t.table, expectedRows: t.rows, rows: -1 };
    }
    const checksumMatch =
      t.checksum === undefined || f.checksum === undefined ? undefined : t.checksum === f.checksum;
    if (f.rows !== t.rows) problems.push(`${t.table}: ${f.rows} rows, expected ${t.rows}`);
    else if (checksumMatch === false)
      problems.push(`${t.table}: checksum ${f.checksum}, expected ${t.checksum}`);
    return {
      table: t.table,
      expectedRows: t.rows,
      rows: f.rows,
      ...(checksumMatch !== undefined ? { checksumMatch } : {}),
    };
  });
  return { ok: problems.length === 0, tables, problems };
}
