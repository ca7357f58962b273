import { describe, expect, it } from 'vitest';
import { databaseErrorToApiError, isUnreachable } from '../../../src/main/db/errors';

describe('PostgreSQL errors become typed API errors', () => {
  it.each([
    [{ code: '28P01', message: 'password authentication failed for user "x"' }, 'wrong_credentials'],
    [{ code: '28000', message: 'role "x" is not permitted to log in' }, 'account_disabled'],
    [{ code: '28000', message: 'no pg_hba.conf entry for host' }, 'forbidden'],
    [{ code: '42501', message: 'permission denied for table staff' }, 'forbidden'],
    [{ code: '23505', message: 'duplicate key', constraint: 'persons_codice_fiscale_unique' }, 'conflict'],
    [{ code: '23514', message: 'violates check constraint' }, 'validation'],
    [{ code: '40001', message: 'could not serialize access' }, 'conflict'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, 'unavailable'],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, 'unavailable'],
    [{ message: 'Connection terminated unexpectedly' }, 'unavailable'],
    [{ message: 'Knex: Timeout acquiring a connection. The pool is probably full.' }, 'unavailable'],
  ])('%o → %s', (error, code) => {
    expect(databaseErrorToApiError(error)?.code).toBe(code);
  });

  it('carries the reason our SQL functions put in the hint, or else the constraint name', () => {
    expect(databaseErrorToApiError({ code: '23503', hint: 'scrivania:office_other_ente' })).toMatchObject({ code: 'validation', reason: 'office_other_ente' });
    expect(databaseErrorToApiError({ code: '23505', constraint: 'persons_codice_fiscale_unique' })).toMatchObject({ reason: 'persons_codice_fiscale_unique' });
  });

  it('leaves errors it does not know to the dispatcher', () => {
    expect(databaseErrorToApiError(new Error('boom'))).toBeNull();
    expect(databaseErrorToApiError('text')).toBeNull();
    expect(isUnreachable({ code: '23505' })).toBe(false);
  });
});
