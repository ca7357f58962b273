import type { Knex } from 'knex';

/**
 * The people registry: natural persons (codice fiscale) and businesses (partita IVA). The database
 * validates both identifiers with the same rules as `src/shared/domain` (a test runs both on the
 * same inputs), so no import or client can store an invalid one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- Codice fiscale of a natural person (DM 23/12/1976): format with omocodia, month letter,
    -- day 1-31 or 41-71, and the check character from the odd/even tables (sum mod 26).
    CREATE FUNCTION scrivania.is_valid_codice_fiscale(cf text) RETURNS boolean
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
      DECLARE
        odd_values constant integer[] := ARRAY[1,0,5,7,9,13,15,17,19,21,2,4,18,20,11,3,6,8,12,14,16,10,22,25,24,23];
        omocodia constant text := 'LMNPQRSTUV';
        total integer := 0;
        ch text;
        value integer;
        day_text text;
        day integer;
      BEGIN
        IF cf !~ '^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$' THEN
          RETURN false;
        END IF;
        day_text := translate(substr(cf, 10, 2), omocodia, '0123456789');
        day := day_text::integer;
        IF NOT (day BETWEEN 1 AND 31 OR day BETWEEN 41 AND 71) THEN
          RETURN false;
        END IF;
        FOR i IN 1..15 LOOP
          ch := substr(cf, i, 1);
          IF ch ~ '[0-9]' THEN
            value := ch::integer;
          ELSE
            value := ascii(ch) - 65;
          END IF;
          IF i % 2 = 1 THEN
            total := total + odd_values[value + 1];
          ELSE
            total := total + value;
          END IF;
        END LOOP;
        RETURN chr(65 + total % 26) = substr(cf, 16, 1);
      END
      $$;

    -- Partita IVA: 11 digits, the last a Luhn-style check digit.
    CREATE FUNCTION scrivania.is_valid_partita_iva(piva text) RETURNS boolean
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
      DECLARE
        total integer := 0;
        digit integer;
      BEGIN
        IF piva !~ '^[0-9]{11}$' THEN
          RETURN false;
        END IF;
        FOR i IN 1..10 LOOP
          digit := substr(piva, i, 1)::integer;
          IF i % 2 = 0 THEN
            digit := digit * 2;
            IF digit > 9 THEN digit := digit - 9; END IF;
          END IF;
          total := total + digit;
        END LOOP;
        RETURN (10 - total % 10) % 10 = substr(piva, 11, 1)::integer;
      END
      $$;

    CREATE TABLE scrivania.persons (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      codice_fiscale  text NOT NULL CONSTRAINT persons_codice_fiscale_valid
                        CHECK (scrivania.is_valid_codice_fiscale(codice_fiscale)),
      last_name       text NOT NULL CHECK (length(trim(last_name)) > 0),
      first_name      text NOT NULL CHECK (length(trim(first_name)) > 0),
      sex             text NOT NULL CHECK (sex IN ('M', 'F')),
      birth_date      date NOT NULL,
      birth_place     text NOT NULL,
      address         text,
      postal_code     text CHECK (postal_code ~ '^[0-9]{5}$'),
      city            text,
      email           text,
      pec             text,
      phone           text,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT persons_codice_fiscale_unique UNIQUE (ente_id, codice_fiscale)
    );
    CREATE INDEX persons_name_idx ON scrivania.persons (ente_id, lower(last_name), lower(first_name));

    CREATE TABLE scrivania.businesses (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      partita_iva     text NOT NULL CONSTRAINT businesses_partita_iva_valid
                        CHECK (scrivania.is_valid_partita_iva(partita_iva)),
      codice_fiscale  text NOT NULL CONSTRAINT businesses_codice_fiscale_valid
                        CHECK (scrivania.is_valid_partita_iva(codice_fiscale)
                               OR scrivania.is_valid_codice_fiscale(codice_fiscale)),
      name            text NOT NULL CHECK (length(trim(name)) > 0),
      legal_form      text,
      address         text,
      postal_code     text CHECK (postal_code ~ '^[0-9]{5}$'),
      city            text,
      pec             text,
      email           text,
      legal_representative_id bigint REFERENCES scrivania.persons (id),
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT businesses_partita_iva_unique UNIQUE (ente_id, partita_iva)
    );
    CREATE INDEX businesses_name_idx ON scrivania.businesses (ente_id, lower(name));

    ALTER TABLE scrivania.persons ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.persons FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.businesses ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.businesses FORCE ROW LEVEL SECURITY;

    GRANT SELECT ON scrivania.persons, scrivania.businesses TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.persons, scrivania.businesses
      TO scrivania_clerk, scrivania_technician, scrivania_admin;

    -- The registry is the ente's own: each ente sees and writes only its people.
    CREATE POLICY persons_of_my_ente ON scrivania.persons FOR ALL TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY businesses_of_my_ente ON scrivania.businesses FOR ALL TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    CREATE TRIGGER persons_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.persons
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    CREATE TRIGGER businesses_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.businesses
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE scrivania.businesses;
    DROP TABLE scrivania.persons;
    DROP FUNCTION scrivania.is_valid_partita_iva(text);
    DROP FUNCTION scrivania.is_valid_codice_fiscale(text);
  `);
}
