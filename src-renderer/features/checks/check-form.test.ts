import { describe, expect, it } from 'vitest';
import { draftOf, emptyDraft, inputOf } from './check-form';

describe('check dialog', () => {
  it('turns the typed fields into checks.create params, and a check back into fields', () => {
    const input = inputOf({
      ...emptyDraft(),
      name: ' Load ',
      hosts: 'db1, db2',
      groups: '',
      warning: '4',
      critical: '8',
      intervalSec: '5',
    });
    expect(input).toEqual({
      name: 'Load',
      hosts: ['db1', 'db2'],
      groups: [],
      series: 'load.1',
      direction: 'above',
      warning: 4,
      critical: 8,
      attempts: 3,
      intervalMs: 5000,
      notify: true,
    });
    const back = draftOf({
      ...input,
      id: 'x',
      groups: ['db'],
      attempts: 3,
      intervalMs: 5000,
      notify: true,
      enabled: true,
      createdAt: '',
      updatedAt: '',
      hosts: ['db1'],
      direction: 'above',
      series: 'load.1',
      name: 'Load',
    });
    expect(back).toMatchObject({
      hosts: 'db1',
      groups: 'db',
      warning: '4',
      critical: '8',
      intervalSec: '5',
    });
  });
});
