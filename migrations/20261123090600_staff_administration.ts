import type { Knex } from 'knex';

/**
 * Creating and disabling staff: the login role and the staff row change together, in one
 * transaction, through SECURITY DEFINER functions. Administrators hold no CREATEROLE themselves; the
 * functions check that the caller is an administrator of the same ente. Passwords arrive as SCRAM
 * verifiers computed by the app, so a plain-text password never reaches the server or its logs.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION scrivania.provision_staff(
      p_ente_id integer, p_username text, p_password_verifier text, p_full_name text,
      p_email text, p_role text, p_office_ids integer[]
    ) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        new_id integer;
      BEGIN
        IF p_username IS NULL OR p_username !~ '^[a-z][a-z0-9_.]{2,47}$' THEN
          RAISE EXCEPTION 'Invalid username' USING ERRCODE = '23514', HINT = 'scrivania:username_format';
        END IF;
        IF p_role IS NULL OR p_role NOT IN ('clerk', 'technician', 'manager', 'admin') THEN
          RAISE EXCEPTION 'Invalid role' USING ERRCODE = '23514', HINT = 'scrivania:role';
        END IF;
        IF p_password_verifier IS NULL OR p_password_verifier !~ '^SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
          RAISE EXCEPTION 'Password must be a SCRAM-SHA-256 verifier' USING ERRCODE = '23514', HINT = 'scrivania:password_verifier';
        END IF;
        IF coalesce(cardinality(p_office_ids), 0) = 0 THEN
          RAISE EXCEPTION 'At least one office' USING ERRCODE = '23514', HINT = 'scrivania:office_required';
        END IF;
        IF (SELECT count(*) FROM scrivania.offices WHERE id = ANY (p_office_ids) AND ente_id = p_ente_id)
           <> cardinality(ARRAY(SELECT DISTINCT unnest(p_office_ids))) THEN
          RAISE EXCEPTION 'Office of another ente' USING ERRCODE = '23503', HINT = 'scrivania:office_other_ente';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_username) THEN
          RAISE EXCEPTION 'Username already taken' USING ERRCODE = '23505', HINT = 'scrivania:username_taken';
        END IF;

        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', p_username, p_password_verifier, 'scrivania_' || p_role);

        INSERT INTO scrivania.staff (ente_id, username, full_name, email, role)
        VALUES (p_ente_id, p_username, p_full_name, p_email, p_role)
        RETURNING id INTO new_id;
        INSERT INTO scrivania.staff_offices (staff_id, office_id)
        SELECT new_id, office_id FROM (SELECT DISTINCT unnest(p_office_ids) AS office_id) chosen;
        RETURN new_id;
      END
      $$;
    -- provision_staff is for the administrator's command line (bootstrap of the first admin);
    -- staff call create_staff, which pins the ente to the caller's.
    REVOKE ALL ON FUNCTION scrivania.provision_staff(integer, text, text, text, text, text, integer[]) FROM PUBLIC;

    CREATE FUNCTION scrivania.require_admin() RETURNS integer
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF scrivania.current_staff_role() IS DISTINCT FROM 'admin' THEN
          RAISE EXCEPTION 'Only administrators manage staff' USING ERRCODE = '42501', HINT = 'scrivania:admin_only';
        END IF;
        RETURN scrivania.current_ente_id();
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.require_admin() FROM PUBLIC;

    CREATE FUNCTION scrivania.create_staff(
      p_username text, p_password_verifier text, p_full_name text, p_email text, p_role text, p_office_ids integer[]
    ) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        RETURN scrivania.provision_staff(scrivania.require_admin(), p_username, p_password_verifier, p_full_name,
                                         p_email, p_role, p_office_ids);
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.create_staff(text, text, text, text, text, integer[]) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.create_staff(text, text, text, text, text, integer[]) TO scrivania_admin;

    CREATE FUNCTION scrivania.set_staff_enabled(p_staff_id integer, p_enabled boolean) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        admin_ente integer := scrivania.require_admin();
        target scrivania.staff;
      BEGIN
        SELECT * INTO target FROM scrivania.staff WHERE id = p_staff_id AND ente_id = admin_ente FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'No such staff member' USING ERRCODE = 'P0002', HINT = 'scrivania:staff_not_found';
        END IF;
        IF target.username = session_user AND NOT p_enabled THEN
          RAISE EXCEPTION 'Administrators cannot disable themselves' USING ERRCODE = '23514', HINT = 'scrivania:disable_self';
        END IF;
        IF target.enabled = p_enabled THEN
          RETURN;
        END IF;
        EXECUTE format('ALTER ROLE %I %s', target.username, CASE WHEN p_enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
        UPDATE scrivania.staff
           SET enabled = p_enabled,
               disabled_at = CASE WHEN p_enabled THEN NULL ELSE now() END,
               disabled_by = CASE WHEN p_enabled THEN NULL ELSE session_user END
         WHERE id = p_staff_id;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.set_staff_enabled(integer, boolean) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.set_staff_enabled(integer, boolean) TO scrivania_admin;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION scrivania.set_staff_enabled(integer, boolean);
    DROP FUNCTION scrivania.create_staff(text, text, text, text, text, integer[]);
    DROP FUNCTION scrivania.require_admin();
    DROP FUNCTION scrivania.provision_staff(integer, text, text, text, text, text, integer[]);
  `);
}
