import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Host } from '../../../contract';
import { asRoot, needsSudo } from './remote';

const host = (user: string, sudo = false) => ({ user, profile: { sudo } }) as Host;

describe('running disk commands as root', () => {
  it('root runs them as they are; another login (or a sudo profile) through sudo -n', () => {
    expect(needsSudo(host('root'))).toBe(false);
    expect(needsSudo(host('root', true))).toBe(true);
    expect(asRoot(host('root'), 'mkfs.xfs /dev/sdf')).toBe('mkfs.xfs /dev/sdf');
    expect(asRoot(host('ec2-user'), "printf '%s' a && echo b")).toBe(
      `sudo -n sh -c 'printf '\\''%s'\\'' a && echo b'`,
    );
  });

  it('the wrapped command is the same shell text (quotes survive)', () => {
    const inner = "printf '%s|' \"it's\" && echo done";
    const wrapped = asRoot(host('ec2-user'), inner).replace(/^sudo -n /, '');
    expect(execFileSync('sh', ['-c', wrapped], { encoding: 'utf8' })).toBe("it's|done\n");
  });
});
