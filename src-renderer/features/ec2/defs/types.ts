import type { ReactNode } from 'react';
import type { MenuEntry } from '../../../ui/Menu';
import type { AnyRow, Ec2Kind, Row } from '../model/kinds';
import type { Column } from '../../../ui/VirtualTable';

/** An EC2 table's column: the shared table column (model + how it is drawn). */
export type Ec2Column<T> = Column<T>;

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
