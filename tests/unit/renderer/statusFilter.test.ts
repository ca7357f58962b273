import { describe, expect, it } from 'vitest';
import { INSTANCE_STATUSES, StatusFilter } from '../../../src/shared/api/instances';
import { statusModelFor } from '../../../src/renderer/worklist/StatusFilter';

describe('the status column filter model', () => {
  it('every status ticked and not only open cases: no filter at all', () => {
    expect(statusModelFor(INSTANCE_STATUSES, false)).toBeNull();
  });

  it('"open cases only" with every status: the default view, without a status list', () => {
    expect(statusModelFor(INSTANCE_STATUSES, true)).toEqual({ filterType: 'status', openOnly: true });
  });

  it('some statuses ticked: listed in the catalogue order, combined with "open cases only" when chosen', () => {
    expect(statusModelFor(['suspended', 'received'], false)).toEqual({ filterType: 'status', values: ['received', 'suspended'] });
    expect(statusModelFor(['accepted'], true)).toEqual({ filterType: 'status', values: ['accepted'], openOnly: true });
  });

  it('no status ticked stays a filter (it shows nothing), and every model is one the contract accepts', () => {
    expect(statusModelFor([], false)).toEqual({ filterType: 'status', values: [] });
    for (const model of [statusModelFor([], true), statusModelFor(['withdrawn'], false), statusModelFor(INSTANCE_STATUSES, true)]) {
      expect(StatusFilter.safeParse(model).success).toBe(true);
    }
  });
});
