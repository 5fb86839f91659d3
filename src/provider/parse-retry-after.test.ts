import { describe, expect, it } from 'vitest';

import { parseRetryAfter } from './parse-retry-after.js';

const now = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    { id: 'seconds', headers: { 'retry-after': '2' }, expected: 2000 },
    { id: 'fractional seconds', headers: { 'retry-after': '1.5' }, expected: 1500 },
    { id: 'zero seconds', headers: { 'retry-after': '0' }, expected: 0 },
    { id: 'padded seconds', headers: { 'retry-after': ' 3 ' }, expected: 3000 },
    { id: 'milliseconds', headers: { 'retry-after-ms': '3500' }, expected: 3500 },
    { id: 'fractional milliseconds', headers: { 'retry-after-ms': '12.5' }, expected: 12.5 },
    { id: 'mixed-case names', headers: { 'Retry-After': '4' }, expected: 4000 },
    { id: 'upper-case ms name', headers: { 'RETRY-AFTER-MS': '250' }, expected: 250 },
  ])('reads $id', ({ headers, expected }) => {
    expect(parseRetryAfter(headers, { now })).toBe(expected);
  });

  it('prefers retry-after-ms over retry-after', () => {
    expect(parseRetryAfter({ 'retry-after': '9', 'retry-after-ms': '350' }, { now })).toBe(350);
  });

  it('falls back to retry-after when retry-after-ms is unreadable', () => {
    expect(parseRetryAfter({ 'retry-after': '2', 'retry-after-ms': 'soon' }, { now })).toBe(2000);
  });

  it('falls back to retry-after when retry-after-ms is negative', () => {
    expect(parseRetryAfter({ 'retry-after': '2', 'retry-after-ms': '-100' }, { now })).toBe(2000);
  });

  it('reads an IMF-fixdate', () => {
    expect(parseRetryAfter({ 'retry-after': 'Sat, 01 Mar 2025 12:00:04 GMT' }, { now })).toBe(4000);
  });

  it('reads an RFC 850 date', () => {
    expect(parseRetryAfter({ 'retry-after': 'Saturday, 01-Mar-25 12:00:03 GMT' }, { now })).toBe(3000);
  });

  it('reads a date in the past as no wait', () => {
    expect(parseRetryAfter({ 'retry-after': 'Sat, 01 Mar 2025 11:59:00 GMT' }, { now })).toBe(0);
  });

  it('measures dates from now by default', () => {
    const inFiveSeconds = new Date(Date.now() + 5000).toUTCString();

    const wait = parseRetryAfter({ 'retry-after': inFiveSeconds });

    // An HTTP date has one-second resolution, so up to a second is lost.
    expect(wait).toBeGreaterThan(3000);
    expect(wait).toBeLessThanOrEqual(5000);
  });

  it.each([
    { id: 'no headers', headers: undefined },
    { id: 'no hint', headers: { 'content-type': 'application/json' } },
    { id: 'empty value', headers: { 'retry-after': '' } },
    { id: 'blank value', headers: { 'retry-after': '   ' } },
    { id: 'undefined value', headers: { 'retry-after': undefined } },
    { id: 'words', headers: { 'retry-after': 'later' } },
    { id: 'seconds with unit', headers: { 'retry-after': '10 seconds' } },
    { id: 'negative seconds', headers: { 'retry-after': '-5' } },
    { id: 'signed seconds', headers: { 'retry-after': '+3' } },
    { id: 'two numbers', headers: { 'retry-after': '1 2' } },
    { id: 'month and day only', headers: { 'retry-after': 'Mar 5' } },
    { id: 'exponent', headers: { 'retry-after': '1e3' } },
    { id: 'infinite milliseconds', headers: { 'retry-after-ms': 'Infinity' } },
  ])('returns undefined for $id', ({ headers }) => {
    expect(parseRetryAfter(headers, { now })).toBeUndefined();
  });
});
