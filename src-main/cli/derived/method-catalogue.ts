/**
 * The name, summary and `mutates` of every contract method: what the CLI needs to register its
 * derived commands and their help, read from the contract. The `opsdeck` bundle carries this
 * table computed at build time from this very module (scripts/build-main.mjs), so a command
 * starts without building the contract's zod schemas; the schemas of the one method a derived
 * command calls load when it runs.
 */
import { methods, type MethodName } from '../../contract/methods';

export interface CatalogueEntry {
  readonly summary: string;
  readonly mutates: boolean;
}

export const methodCatalogue = Object.fromEntries(
  Object.entries(methods).map(([name, spec]) => [
    name,
    { summary: spec.summary, mutates: spec.mutates },
  ]),
) as Readonly<Record<MethodName, CatalogueEntry>>;
