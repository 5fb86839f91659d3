import type { TranscriptFile } from '../../src/report/site/site-data.js';

const notRecorded = 'not recorded';

/**
 * Formats a scenario's organisation as `Name (country, sector)`, leaving out the parts an
 * imported scenario did not record, so that `not recorded` appears once: `not recorded; sector: …`.
 */
export function organisationLine({ name, country, sector }: TranscriptFile['scenario']['organisation']): string {
  if (name === notRecorded) {
    const known = [country !== notRecorded && `country: ${country}`, sector !== notRecorded && `sector: ${sector}`].filter(Boolean);
    return known.length === 0 ? notRecorded : `${notRecorded}; ${known.join(', ')}`;
  }
  const details = [country, sector].filter((part) => part !== notRecorded);
  return details.length === 0 ? name : `${name} (${details.join(', ')})`;
}
