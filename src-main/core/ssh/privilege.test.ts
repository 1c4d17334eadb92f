import { describe, expect, it } from 'vitest';
import { asRoot, asRootPipeline } from './privilege';

const root = { user: 'root', profile: { sudo: false } };
const admin = { user: 'admin', profile: { sudo: false } };

describe('commands as root', () => {
  it('root runs them as they are (the supervisor’s bash has pipefail)', () => {
    expect(asRoot(root, 'a | b')).toBe('a | b');
    expect(asRootPipeline(root, 'a | b')).toBe('a | b');
  });

  it('through sudo, a pipeline keeps pipefail: a failing first stage is not hidden by the last', () => {
    expect(asRootPipeline(admin, "dump 'x' | zstd")).toBe(
      `sudo -n bash -c 'set -o pipefail; dump '\\''x'\\'' | zstd'`,
    );
    // asRoot's sh (dash on Debian) has no pipefail: what asRootPipeline is for.
    expect(asRoot(admin, 'a | b')).toBe("sudo -n sh -c 'a | b'");
  });
});
