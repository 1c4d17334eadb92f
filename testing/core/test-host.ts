import type { Host } from '../../src-main/contract';

/**
 * A host as unit tests need one: a manual entry with an SSH agent login at a documentation
 * address (192.0.2.1: nothing answers there), changed by `overrides` where a test cares.
 */
export const testHost = (name: string, overrides: Partial<Host> = {}): Host => ({
  id: `h-${name}`,
  name,
  address: '192.0.2.1',
  port: 22,
  user: 'root',
  auth: 'agent',
  groups: [],
  tags: [],
  profile: { sudo: false },
  notes: '',
  source: 'manual',
  createdAt: '',
  updatedAt: '',
  ...overrides,
});
