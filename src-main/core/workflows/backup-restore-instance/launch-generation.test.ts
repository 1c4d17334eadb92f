import { describe, expect, it } from 'vitest';
import { launchedNotEnded } from './launch-generation';

describe('launchedNotEnded: the instances a run launched and did not see end', () => {
  it('names a launch with no termination after it; a terminated one, or one whose generation ended, is not named', () => {
    expect(
      launchedNotEnded([
        'i-1 launched',
        'i-1 terminated',
        'i-2 launched',
        'Launch 1 undone: i-2 is terminated (found so on resume) (client token restore-r-1; a resume launches with a new one).',
        'i-3 launched',
        'db9 fenced',
      ]),
    ).toEqual(['i-3']);
  });

  it('a relaunch of the same id after its termination counts again', () => {
    expect(launchedNotEnded(['i-1 launched', 'i-1 terminated', 'i-1 launched'])).toEqual(['i-1']);
    expect(launchedNotEnded([])).toEqual([]);
  });
});
