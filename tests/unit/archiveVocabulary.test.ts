import { describe, expect, it } from 'vitest';
import * as migration from '../../migrations/20261123092000_archive';
import * as domain from '../../src/shared/domain/archive';

describe("archive vocabulary: the migration's copies match the domain", () => {
  it.each([
    ['series kinds', migration.SERIES_KINDS, domain.SERIES_KINDS],
    ['practice types', Object.keys(migration.PRACTICE_TYPE_LABELS), domain.PRACTICE_TYPES],
    ['outcomes', migration.PRACTICE_OUTCOMES, domain.PRACTICE_OUTCOMES],
    ['document kinds', migration.ARCHIVE_DOCUMENT_KINDS, domain.ARCHIVE_DOCUMENT_KINDS],
    ['subject roles', migration.SUBJECT_ROLES, domain.SUBJECT_ROLES],
    ['AgID dossier kinds', migration.AGID_DOSSIER_KINDS, domain.AGID_DOSSIER_KINDS],
    ['box stages', migration.BOX_STATUSES, domain.BOX_STATUSES],
    ['access purposes', migration.ACCESS_PURPOSES, domain.ACCESS_PURPOSES],
    ['access actions', migration.ACCESS_ACTIONS, domain.ACCESS_ACTIONS],
    ['street types', migration.STREET_TYPES, domain.STREET_TYPES],
    ['scan types', migration.ARCHIVE_SCAN_TYPES, domain.ARCHIVE_SCAN_TYPES],
  ])('%s', (_name, copied, source) => {
    expect([...copied]).toEqual([...source]);
  });

  it('a box moves through the four stages in order and stops at verified', () => {
    expect(domain.nextBoxStatus('to_scan')).toBe('scanned');
    expect(domain.nextBoxStatus('scanned')).toBe('indexed');
    expect(domain.nextBoxStatus('indexed')).toBe('verified');
    expect(domain.nextBoxStatus('verified')).toBeNull();
  });
});
