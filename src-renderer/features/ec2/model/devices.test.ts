import { describe, expect, it } from 'vitest';
import { nextDevice, nextDevices } from './devices';

describe('data devices', () => {
  it('starts at /dev/sdf and skips used slots, xvd and sd alike', () => {
    expect(nextDevice([])).toBe('/dev/sdf');
    expect(nextDevice(['/dev/xvda'])).toBe('/dev/sdf');
    expect(nextDevice(['/dev/xvda', '/dev/xvdf', '/dev/sdg'])).toBe('/dev/sdh');
    expect(nextDevices(['/dev/sdf'], 3)).toEqual(['/dev/sdg', '/dev/sdh', '/dev/sdi']);
  });
});
