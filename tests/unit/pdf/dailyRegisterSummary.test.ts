import { describe, expect, it } from 'vitest';
import { summarise } from '../../../src/main/protocol/dailyRegister';
import type { ProtocolEntryDetail } from '../../../src/shared/api/protocol';

const entry = (number: number, annulled = false, year = 2026) => ({ year, number, annulled }) as ProtocolEntryDetail;

describe('the summary of a registro giornaliero (DPCM 3/12/2013 art. 7, DPR 445/2000 art. 57)', () => {
  it('first and last number, count, annulled count', () => {
    expect(summarise([entry(41), entry(42, true), entry(43)])).toEqual({
      count: 3,
      annulled: 1,
      first: '0000041/2026',
      last: '0000043/2026',
      missing: [],
    });
  });

  it('names the numbers missing between the first and the last, so an auditor sees a gap at once', () => {
    expect(summarise([entry(7), entry(9), entry(12)]).missing).toEqual([8, 10, 11]);
  });

  it('an empty day has no first or last number', () => {
    expect(summarise([])).toEqual({ count: 0, annulled: 0, first: null, last: null, missing: [] });
  });
});
