/** Rows grouped by the account and region an action must be sent to. Pure. */
export interface Scoped<T> {
  account: string;
  region: string;
  rows: T[];
}

export function byScope<T extends { account: string; region: string }>(
  rows: readonly T[],
): Scoped<T>[] {
  const m = new Map<string, Scoped<T>>();
  for (const r of rows) {
    const key = `${r.account}\n${r.region}`;
    let g = m.get(key);
    if (!g) m.set(key, (g = { account: r.account, region: r.region, rows: [] }));
    g.rows.push(r);
  }
  return [...m.values()];
}

/** "prod / us-east-1", "prod / 3 regions", "2 accounts". */
export function whereText(rows: readonly { account: string; region: string }[]): string {
  const accounts = [...new Set(rows.map((r) => r.account))];
  const regions = [...new Set(rows.map((r) => r.region))];
  if (accounts.length > 1) return `${accounts.length} accounts, ${regions.length} regions`;
  return `${accounts[0] ?? '?'} / ${regions.length === 1 ? regions[0] : `${regions.length} regions`}`;
}

/** "instance" / "3 instances". */
export const count = (n: number, one: string, many: string) =>
  n === 1 ? `1 ${one}` : `${n} ${many}`;
