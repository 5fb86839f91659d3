import { describe, expect, it } from 'vitest';
import { organisationLine } from '../../site/src/organisation-line.js';

const organisation = (name: string, country: string, sector: string) => ({ name, country, sector, description: '' });

describe('organisationLine', () => {
  it.each([
    { case: 'all recorded', given: organisation('Meridian Health', 'Norway', 'Healthcare'), line: 'Meridian Health (Norway, Healthcare)' },
    {
      case: 'imported',
      given: organisation('not recorded', 'not recorded', 'Therapeutic Coercion'),
      line: 'not recorded; sector: Therapeutic Coercion',
    },
    {
      case: 'name only missing',
      given: organisation('not recorded', 'Chile', 'Mining'),
      line: 'not recorded; country: Chile, sector: Mining',
    },
    { case: 'nothing recorded', given: organisation('not recorded', 'not recorded', 'not recorded'), line: 'not recorded' },
    { case: 'country missing', given: organisation('Meridian Health', 'not recorded', 'Healthcare'), line: 'Meridian Health (Healthcare)' },
  ])('formats $case', ({ given, line }) => {
    expect(organisationLine(given)).toBe(line);
  });
});
