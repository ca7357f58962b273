import type { Knex } from 'knex';

/**
 * Verification of a printed certificate by a public service (the ente's web page the QR code points
 * to, CAD art. 23-ter c.5): it signs in as a member of the NOLOGIN group `scrivania_verifier`, which
 * may call `scrivania.verify_certificate(code)` and nothing else — no table, no other function.
 * Whoever holds a code learns what the certificate's own printed copy shows, and its state.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scrivania_verifier') THEN
        CREATE ROLE scrivania_verifier NOLOGIN;
      END IF;
    END
    $$;
    GRANT USAGE ON SCHEMA scrivania TO scrivania_verifier;
    GRANT EXECUTE ON FUNCTION scrivania.verify_certificate(text) TO scrivania_verifier;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    REVOKE EXECUTE ON FUNCTION scrivania.verify_certificate(text) FROM scrivania_verifier;
    REVOKE USAGE ON SCHEMA scrivania FROM scrivania_verifier;
  `);
}
