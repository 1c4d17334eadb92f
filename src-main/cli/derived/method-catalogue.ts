/**
 * The name, summary and `mutates` of every contract method: what the CLI needs to register its
 * derived commands and their help, read from the contract's method index (computed at build
 * time: a command starts without building the contract's zod schemas; the schemas of the one
 * method a derived command calls load when it runs).
 */
import { methodIndex, type MethodIndexEntry } from '../../contract/method-index';

export type CatalogueEntry = Pick<MethodIndexEntry, 'summary' | 'mutates'>;

export const methodCatalogue: Readonly<Record<keyof typeof methodIndex, CatalogueEntry>> =
  methodIndex;
