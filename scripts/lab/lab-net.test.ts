import { describe, expect, it } from 'vitest';
import { LabError } from './errors.mjs';
import { checkLabNet } from './lab-net.mjs';

describe('checkLabNet (OPSDECK_LAB_NET)', () => {
  it('accepts a 127.X.Y /24 other than 127.0.0', () => {
    for (const net of ['127.0.10', '127.0.25', '127.1.0', '127.255.255'])
      expect(checkLabNet(net)).toBe(net);
  });

  it('refuses 127.0.0 (its .1 is the machine’s own 127.0.0.1), naming nets to use, as a usage error', () => {
    let error: unknown;
    try {
      checkLabNet('127.0.0');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).exitCode).toBe(2);
    expect((error as LabError).message).toMatch(/127\.0\.0\.1/);
    expect((error as LabError).message).toMatch(/e\.g\. 127\.0\.10 .*127\.0\.20/);
  });

  it('refuses what is not a loopback /24', () => {
    for (const net of ['10.0.0', '127.0', '127.0.0.1', '127.256.1', ''])
      expect(() => checkLabNet(net)).toThrow(/must look like 127\.X\.Y/);
  });
});
