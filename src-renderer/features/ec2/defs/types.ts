import type { ReactNode } from 'react';
import type { MenuEntry } from '../../../ui/Menu';
import type { AnyRow, Ec2Kind, Row } from '../model/kinds';
import type { ColumnModel } from '../model/table-model';

export interface Ec2Column<T> extends ColumnModel<T> {
  /** A CSS grid track. */
  width: string;
  render(row: T): ReactNode;
  align?: 'right';
  className?: string;
  title?(row: T): string | undefined;
}

/** One resource table: its columns and formatters, details, menu and toolbar actions. */
export interface ResourceDef<K extends Ec2Kind> {
  kind: K;
  noun: { one: string; many: string };
  columns: readonly Ec2Column<Row<K>>[];
  searchText(row: Row<K>): string;
  /** The details panel of one row. */
  details(row: Row<K>): ReactNode;
  /** Context menu: `rows` are the selected rows the clicked one belongs to (at least it). */
  menu(rows: Row<K>[]): MenuEntry[];
  /** Create-type actions for the toolbar (account/region of the scope). */
  create?: (scope: {
    account: string;
    region: string;
  }) => { label: string; testId: string; run(): void }[];
  /** What the row's testid is made of (names are friendlier than ids in tests). */
  testName(row: Row<K>): string;
  /** Shown while the table is empty. */
  empty?: string;
}

export type AnyDef = ResourceDef<Ec2Kind>;
export type { AnyRow };
