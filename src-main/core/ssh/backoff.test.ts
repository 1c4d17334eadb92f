import { describe, expect, it } from 'vitest';
import { backoffDelays, isTransient } from './backoff';

describe('backoff', () => {
  it('tries at once, then doubles up to the cap', () => {
    expect(backoffDelays()).toEqual([0, 1000, 2000, 4000, 8000]);
    expect(backoffDelays(7, 500, 3000)).toEqual([0, 500, 1000, 2000, 3000, 3000, 3000]);
  });

  it('retries network trouble, not auth or host-key problems', () => {
    expect(isTransient({ code: 'SSH_REFUSED' })).toBe(true);
    expect(isTransient({ code: 'SSH_TIMEOUT' })).toBe(true);
    expect(isTransient({ code: 'SSH_AUTH_FAILED' })).toBe(false);
    expect(isTransient({ code: 'HOST_KEY_CHANGED' })).toBe(false);
  });
});
