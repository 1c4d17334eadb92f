import { describe, expect, it } from 'vitest';
import { HostInput, HostPatch } from './hosts';

describe('host schemas', () => {
  it('fills defaults for a new host', () => {
    expect(HostInput.parse({ name: 'db1', address: '10.0.0.1' })).toMatchObject({
      port: 22,
      user: 'root',
      auth: 'agent',
      groups: [],
      tags: [],
      notes: '',
    });
  });

  it('a patch carries only the fields it names (no defaults that would reset others)', () => {
    expect(HostPatch.parse({ notes: 'rack 4' })).toEqual({ notes: 'rack 4' });
    expect(HostPatch.parse({ port: 2222, groups: ['db'] })).toEqual({ port: 2222, groups: ['db'] });
  });

  it('still validates the fields a patch names', () => {
    expect(HostPatch.safeParse({ port: 70000 }).success).toBe(false);
    expect(HostPatch.safeParse({ name: 'bad name' }).success).toBe(false);
  });
});
