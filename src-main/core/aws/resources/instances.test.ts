import { describe, expect, it } from 'vitest';
import { Ec2Instance } from '../../../contract';
import { instanceState, toInstanceRow } from './instances';

describe('instance state: an enum, not a free string', () => {
  it("takes EC2's six state names as they are", () => {
    for (const s of ['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped'])
      expect(instanceState(s)).toBe(s);
  });

  it('a row without a state (or an unknown name) is pending, and still a valid contract row', () => {
    expect(instanceState(undefined)).toBe('pending');
    expect(instanceState('exploded')).toBe('pending');
    const row = toInstanceRow({ InstanceId: 'i-0123456789abcdef0' }, 'us-east-1');
    expect(Ec2Instance.parse(row).state).toBe('pending');
  });

  it('the contract refuses any other state', () => {
    const row = toInstanceRow({ InstanceId: 'i-0123456789abcdef0' }, 'us-east-1');
    expect(Ec2Instance.safeParse({ ...row, state: 'gone' }).success).toBe(false);
  });
});
