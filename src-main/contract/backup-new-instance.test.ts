import { describe, expect, it } from 'vitest';
import { newInstanceRefusal } from './backup-new-instance';

describe('newInstanceRefusal', () => {
  it('refuses a snapshot set with where it does restore, and lets dumps and hot backups through', () => {
    expect(newInstanceRefusal({ id: 'b-snap', kind: 'snapshot' })).toEqual({
      code: 'INVALID_PARAMS',
      message: expect.stringContaining('b-snap is a snapshot backup') as string,
      hint: expect.stringContaining(
        '`opsdeck backup restore b-snap --onto <host> --instance <id>`',
      ) as string,
    });
    expect(newInstanceRefusal({ id: 'b-dump', kind: 'dump' })).toBeUndefined();
    expect(newInstanceRefusal({ id: 'b-hot', kind: 'hot' })).toBeUndefined();
  });
});
