import type { Knex } from 'knex';

const AUDITED = ['documents', 'document_versions'] as const;
const ADDING_ROLES = 'scrivania_clerk, scrivania_technician, scrivania_manager, scrivania_admin';

/**
 * Documents of a case and their versions, with the bytes stored once per ente under their SHA-256.
 *
 * - `stored_files`: content-addressed bytes. The database checks that `sha256` and `size` are those
 *   of `bytes`, so nobody can store bytes under a false hash (and poison a later upload of the real
 *   ones). Bytes are readable only through a document version the session may see: knowing a hash is
 *   not enough to read another office's (confidential) file.
 * - `documents`: one per attachment of an instance, visible exactly when the instance is.
 * - `document_versions`: append-only; a new version is a new row, numbered by the database.
 * Versions and stored files can never be updated or deleted, not even by the tables' owner.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.stored_files (
      ente_id       integer NOT NULL REFERENCES scrivania.enti (id),
      sha256        char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size          bigint NOT NULL CHECK (size > 0),
      content_type  text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 255),
      bytes         bytea NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      created_by    text NOT NULL DEFAULT session_user,
      PRIMARY KEY (ente_id, sha256),
      CONSTRAINT stored_files_hash_matches CHECK (sha256 = encode(sha256(bytes), 'hex')),
      CONSTRAINT stored_files_size_matches CHECK (size = octet_length(bytes))
    );
    -- PDFs, images and office files are already compressed: no second compression, and slices of
    -- the value can be read without decompressing it whole.
    ALTER TABLE scrivania.stored_files ALTER COLUMN bytes SET STORAGE EXTERNAL;

    CREATE TABLE scrivania.documents (
      id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id          integer NOT NULL REFERENCES scrivania.enti (id),
      instance_id      bigint NOT NULL REFERENCES scrivania.instances (id),
      title            text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
      kind             text NOT NULL CHECK (kind IN ('application', 'attachment', 'integration', 'observations',
                                                     'conformation', 'outcome', 'communication', 'other')),
      confidential     boolean NOT NULL DEFAULT false,
      current_version  integer NOT NULL DEFAULT 0 CHECK (current_version >= 0),
      created_at       timestamptz NOT NULL DEFAULT now(),
      created_by       text NOT NULL DEFAULT session_user,
      UNIQUE (id, ente_id)
    );
    CREATE INDEX documents_instance_idx ON scrivania.documents (instance_id, id);

    CREATE TABLE scrivania.document_versions (
      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      document_id   bigint NOT NULL,
      ente_id       integer NOT NULL,
      version       integer NOT NULL CHECK (version >= 1),
      sha256        char(64) NOT NULL,
      filename      text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255 AND filename !~ '[/\\\\[:cntrl:]]'),
      content_type  text NOT NULL,
      size          bigint NOT NULL CHECK (size > 0),
      uploaded_at   timestamptz NOT NULL DEFAULT now(),
      uploaded_by   integer REFERENCES scrivania.staff (id) DEFAULT scrivania.current_staff_id(),
      uploaded_by_login text NOT NULL DEFAULT session_user,
      note          text CHECK (length(note) <= 1000),
      -- How the file name compared with the content: a sibling type (a .jpg holding a PNG) or an
      -- unknown extension is accepted and recorded here; a contradicting name is refused.
      name_check    text NOT NULL DEFAULT 'matches' CHECK (name_check IN ('matches', 'unknown_extension', 'sibling_type')),
      UNIQUE (document_id, version),
      FOREIGN KEY (document_id, ente_id) REFERENCES scrivania.documents (id, ente_id),
      FOREIGN KEY (ente_id, sha256) REFERENCES scrivania.stored_files (ente_id, sha256)
    );
    CREATE INDEX document_versions_file_idx ON scrivania.document_versions (ente_id, sha256);
  `);

  await knex.raw(`
    -- Numbers each new version (the next after the document's current one) and copies the stored
    -- file's size and type, so the version row cannot disagree with its bytes. Updating the document
    -- row locks it: two versions added at once get consecutive numbers, never the same one.
    CREATE FUNCTION scrivania.document_versions_number() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        UPDATE scrivania.documents SET current_version = current_version + 1
         WHERE id = NEW.document_id AND ente_id = NEW.ente_id
        RETURNING current_version INTO NEW.version;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'Document not found' USING ERRCODE = '23503', HINT = 'scrivania:document_not_found';
        END IF;
        SELECT size, content_type INTO NEW.size, NEW.content_type
          FROM scrivania.stored_files WHERE ente_id = NEW.ente_id AND sha256 = NEW.sha256;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'Stored file not found' USING ERRCODE = '23503', HINT = 'scrivania:stored_file_missing';
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.document_versions_number() FROM PUBLIC;
    CREATE TRIGGER document_versions_number BEFORE INSERT ON scrivania.document_versions
      FOR EACH ROW EXECUTE FUNCTION scrivania.document_versions_number();

    -- A document exists only with its first version: checked at commit, so both are inserted in
    -- one transaction or neither is.
    CREATE FUNCTION scrivania.documents_have_a_version() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM scrivania.document_versions WHERE document_id = NEW.id) THEN
          RAISE EXCEPTION 'A document needs at least one version' USING ERRCODE = '23514', HINT = 'scrivania:document_without_version';
        END IF;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.documents_have_a_version() FROM PUBLIC;
    CREATE CONSTRAINT TRIGGER documents_have_a_version AFTER INSERT ON scrivania.documents
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scrivania.documents_have_a_version();

    CREATE FUNCTION scrivania.document_is_immutable() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% cannot be changed or removed: add a new version instead', TG_TABLE_NAME
          USING ERRCODE = '42501', HINT = 'scrivania:document_immutable';
      END
      $$;
    CREATE TRIGGER document_versions_immutable BEFORE UPDATE OR DELETE ON scrivania.document_versions
      FOR EACH ROW EXECUTE FUNCTION scrivania.document_is_immutable();
    CREATE TRIGGER document_versions_no_truncate BEFORE TRUNCATE ON scrivania.document_versions
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.document_is_immutable();
    CREATE TRIGGER stored_files_immutable BEFORE UPDATE OR DELETE ON scrivania.stored_files
      FOR EACH ROW EXECUTE FUNCTION scrivania.document_is_immutable();
    CREATE TRIGGER stored_files_no_truncate BEFORE TRUNCATE ON scrivania.stored_files
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.document_is_immutable();
  `);

  await knex.raw(`
    ALTER TABLE scrivania.stored_files ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.stored_files FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.documents ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.documents FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.document_versions ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.document_versions FORCE ROW LEVEL SECURITY;

    GRANT SELECT ON scrivania.stored_files, scrivania.documents, scrivania.document_versions TO scrivania_staff;
    GRANT INSERT ON scrivania.stored_files, scrivania.documents, scrivania.document_versions TO ${ADDING_ROLES};

    -- A document is visible, and may be added, exactly when its instance is visible to the session
    -- (the instances policy decides: ente, office, role).
    CREATE POLICY documents_visible ON scrivania.documents FOR SELECT TO scrivania_staff
      USING (EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = instance_id AND i.ente_id = documents.ente_id));
    CREATE POLICY documents_insert ON scrivania.documents FOR INSERT TO ${ADDING_ROLES}
      WITH CHECK (EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = instance_id AND i.ente_id = documents.ente_id)
                  AND created_by = session_user);

    CREATE POLICY document_versions_visible ON scrivania.document_versions FOR SELECT TO scrivania_staff
      USING (EXISTS (SELECT 1 FROM scrivania.documents d WHERE d.id = document_id));
    CREATE POLICY document_versions_insert ON scrivania.document_versions FOR INSERT TO ${ADDING_ROLES}
      WITH CHECK (EXISTS (SELECT 1 FROM scrivania.documents d WHERE d.id = document_id AND d.ente_id = document_versions.ente_id)
                  AND uploaded_by = (SELECT scrivania.current_staff_id())
                  AND uploaded_by_login = session_user);

    -- Bytes are readable only through a version the session can see. Content addressing shares one
    -- row between every document with the same bytes, so "same ente" alone would let anyone who
    -- learnt a hash read another office's confidential file.
    CREATE POLICY stored_files_visible ON scrivania.stored_files FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND EXISTS (SELECT 1 FROM scrivania.document_versions v
                          WHERE v.ente_id = stored_files.ente_id AND v.sha256 = stored_files.sha256));
    CREATE POLICY stored_files_insert ON scrivania.stored_files FOR INSERT TO ${ADDING_ROLES}
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()) AND created_by = session_user);
  `);

  for (const table of AUDITED) {
    await knex.raw(`
      CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.${table}
        FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    `);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    -- One statement: the stored files' read policy and the versions' foreign key point at each other.
    DROP TABLE scrivania.document_versions, scrivania.documents, scrivania.stored_files;
    DROP FUNCTION scrivania.document_is_immutable();
    DROP FUNCTION scrivania.documents_have_a_version();
    DROP FUNCTION scrivania.document_versions_number();
  `);
}
