import { describe, expect, it } from 'vitest';
import { draftOf, draftProblems, emptyDraft, inputOf } from './check-form';

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

  it('says which threshold is not a number and what to type, before anything is sent', () => {
    expect(draftProblems({ ...emptyDraft(), warning: '80', critical: '' })).toEqual({});
    expect(draftProblems({ ...emptyDraft(), warning: ' 1e2 ', critical: '-0.5' })).toEqual({});
    expect(draftProblems({ ...emptyDraft(), warning: 'eighty', critical: '90%' })).toEqual({
      warning: 'Warning threshold must be a number, e.g. 80',
      critical: 'Critical threshold must be a number, e.g. 90',
    });
  });
});
