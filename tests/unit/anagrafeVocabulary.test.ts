import { describe, expect, it } from 'vitest';
import * as migration from '../../migrations/20261123094000_anagrafe';
import * as domain from '../../src/shared/domain/anagrafe';

describe("registry vocabulary: the migration's copies match the domain", () => {
  it.each([
    ['household relationships', migration.HOUSEHOLD_RELATIONSHIPS, domain.HOUSEHOLD_RELATIONSHIPS],
    ['residence end reasons', migration.RESIDENCE_END_REASONS, domain.RESIDENCE_END_REASONS],
    ['birth act parts', migration.BIRTH_ACT_PARTS, domain.BIRTH_ACT_PARTS],
    ['birth act series', migration.BIRTH_ACT_SERIES, domain.BIRTH_ACT_SERIES],
  ])('%s', (_name, copied, source) => {
    expect([...copied]).toEqual([...source]);
  });

  it('prints the relationship to the head as the stato di famiglia does, after the member’s sex', () => {
    expect(domain.relationshipLabel('intestatario_scheda', 'M')).toBe('Intestatario scheda');
    expect(domain.relationshipLabel('figlio', 'F')).toBe('Figlia');
    expect(domain.relationshipLabel('genitore', 'F')).toBe('Madre');
    expect(domain.relationshipLabel('coniuge', 'F')).toBe('Coniuge');
  });
});
