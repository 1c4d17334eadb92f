/** What a command line (`:w`, `:diffget 1`, …) typed in the viewer asks for. */
export type ExCommand =
  | { kind: 'save'; which: 'current' | 'all' }
  | { kind: 'diffupdate' }
  | { kind: 'obtain'; count: number | null }
  | { kind: 'put'; count: number | null }
  | { kind: 'close' }
  | { kind: 'empty' }
  | { kind: 'unknown'; name: string };

/** The commands the viewer knows, for the message shown on an unknown one. */
export const EX_COMMANDS = 'w, wa, diffupdate, diffget, diffput, q';

/**
 * Parse a command line the way vim abbreviates these commands: `w` `wa` `x` `wq` save,
 * `diffu[pdate]`, `diffg[et] N` and `diffp[ut] N` (N names the other pane), `q` closes.
 */
export function parseEx(input: string): ExCommand {
  const [cmd = '', arg] = input.trim().replace(/^:/, '').split(/\s+/);
  const count = arg && /^\d+$/.test(arg) ? Number(arg) : null;
  if (['w', 'write', 'w!', 'x', 'wq'].includes(cmd)) return { kind: 'save', which: 'current' };
  if (['wa', 'wall', 'wqa', 'xa'].includes(cmd)) return { kind: 'save', which: 'all' };
  if (/^diffu(p(d(a(te?)?)?)?)?!?$/.test(cmd)) return { kind: 'diffupdate' };
  if (/^diffg(e(t)?)?$/.test(cmd)) return { kind: 'obtain', count };
  if (/^diffp(u(t)?)?$/.test(cmd)) return { kind: 'put', count };
  if (['q', 'quit', 'q!', 'qa', 'qa!'].includes(cmd)) return { kind: 'close' };
  return cmd ? { kind: 'unknown', name: cmd } : { kind: 'empty' };
}
