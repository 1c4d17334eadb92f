import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { RunCommand } from '../run-command';
import { derivedMethodOf, prepare, registerDerived } from './register';

const leaves = (c: Command): Command[] => (c.commands.length ? c.commands.flatMap(leaves) : [c]);

describe('preparing a derived command (its flags load on first use)', () => {
  it('callers at the same time share one preparation: every flag once, help complete', async () => {
    const program = new Command('opsdeck');
    registerDerived(program, (() => Promise.resolve()) as unknown as RunCommand);
    const leaf = leaves(program).find((c) => derivedMethodOf(c) !== undefined)!;
    expect(leaf).toBeDefined();
    const first = prepare(leaf);
    // A second caller that arrives while the first is loading waits for the same preparation.
    await prepare(leaf);
    expect(leaf.options.map((o) => o.long)).toContain('--input');
    await Promise.all([first, prepare(leaf)]);
    const flags = leaf.options.map((o) => o.long);
    expect(flags).toContain('--input');
    expect(new Set(flags).size).toBe(flags.length);
    expect(leaf.helpInformation()).toContain('--input');
  });
});
