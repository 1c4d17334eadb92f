/**
 * The CLI loads only the commands of the command word it is given (command-groups.ts): for
 * every top-level word, the program built for it must hold that command exactly as the program
 * with every command does — a group that registers a word it does not list would lose it here.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS } from './command-groups';
import { buildProgram, commandWord } from './program';
import type { RunCommand } from './run-command';

const run: RunCommand = async () => undefined;

interface Shape {
  name: string;
  aliases: string[];
  description: string;
  options: string[];
  args: string[];
  commands: Shape[];
}

const shape = (c: Command): Shape => ({
  name: c.name(),
  aliases: c.aliases(),
  description: c.description(),
  options: c.options.map((o) => `${o.flags} ${o.description}`),
  args: c.registeredArguments.map((a) => a.name()),
  commands: c.commands.map(shape),
});

const words = (c: Command) => [c.name(), ...c.aliases()];

describe('the program of one command word', () => {
  it('holds each top-level command as the whole program does', async () => {
    const full = await buildProgram(run);
    const tops = full.commands.flatMap(words);
    expect(tops.length).toBeGreaterThan(30);
    for (const word of tops) {
      const lazy = await buildProgram(run, [word, '--help']);
      const mine = (p: Command) => p.commands.find((c) => words(c).includes(word));
      // Its own group, not every group (the fallback for words no group lists).
      expect(lazy.commands.length, `${word} loads one group`).toBeLessThan(full.commands.length);
      expect(mine(lazy), word).toBeDefined();
      expect(shape(mine(lazy)!), word).toEqual(shape(mine(full)!));
    }
  });

  it('lists every word a group registers, and each word once', async () => {
    const full = await buildProgram(run);
    const listed = COMMAND_GROUPS.flatMap((g) => g.words);
    expect(new Set(listed).size).toBe(listed.length);
    for (const word of listed)
      expect(full.commands.some((c) => words(c).includes(word))).toBe(true);
  });

  it('loads one group for a hand-written command, every group for help', async () => {
    const hosts = await buildProgram(run, ['--json', 'hosts', 'list']);
    expect(hosts.commands.map((c) => c.name())).toEqual(['hosts']);
    const help = await buildProgram(run, ['--help']);
    expect(help.commands.length).toBe((await buildProgram(run)).commands.length);
  });

  it('finds the command word after global options', () => {
    expect(commandWord(['--json', '--home', '/tmp/x', 'hosts', 'list'])).toBe('hosts');
    expect(commandWord(['--accept-new-host-keys', 'exec', 'web1'])).toBe('exec');
    expect(commandWord(['--home', 'hosts'])).toBeUndefined();
    expect(commandWord(['--help', 'hosts'])).toBeUndefined();
    expect(commandWord([])).toBeUndefined();
  });
});
