import type { Knex } from 'knex';

/**
 * Annulling a certificate is for the office's manager or an administrator (as the protocol's
 * annulment, DPR 445/2000 art. 54): a clerk who issued one by mistake asks them. The rule lives in
 * the certificates' guard, so no client can get round it.
 */
const GUARD = (annulmentCheck: string) => `
  CREATE OR REPLACE FUNCTION scrivania.certificates_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
    AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Certificates cannot be deleted, only annulled'
          USING ERRCODE = '42501', HINT = 'scrivania:certificate_immutable';
      END IF;
      IF OLD.annulled_at IS NOT NULL THEN
        RAISE EXCEPTION 'Certificate %/% is already annulled', OLD.number, OLD.year
          USING ERRCODE = '42501', HINT = 'scrivania:certificate_annulled';
      END IF;
      IF (to_jsonb(NEW) - ARRAY['annulled_at', 'annulled_by', 'annulled_login', 'annulment_reason'])
         IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['annulled_at', 'annulled_by', 'annulled_login', 'annulment_reason']) THEN
        RAISE EXCEPTION 'An issued certificate cannot change'
          USING ERRCODE = '42501', HINT = 'scrivania:certificate_immutable';
      END IF;
      ${annulmentCheck}
      IF length(trim(coalesce(NEW.annulment_reason, ''))) < 5 THEN
        RAISE EXCEPTION 'Annulment needs a reason' USING ERRCODE = '23514', HINT = 'scrivania:annulment_incomplete';
      END IF;
      NEW.annulled_at := clock_timestamp();
      NEW.annulled_by := scrivania.current_staff_id();
      NEW.annulled_login := session_user;
      RETURN NEW;
    END
    $$;
`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    GUARD(`IF scrivania.current_staff_role() IS NOT NULL AND scrivania.current_staff_role() NOT IN ('manager', 'admin') THEN
        RAISE EXCEPTION 'Only a manager or an administrator may annul a certificate'
          USING ERRCODE = '42501', HINT = 'scrivania:certificate_annulment_not_allowed';
      END IF;`),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(GUARD(''));
}
