import type { Knex } from 'knex';

/**
 * The exemptions from the imposta di bollo a registry office applies at the desk, each with the
 * norm printed on the certificate (Tabella B allegata al D.P.R. 26 ottobre 1972, n. 642, and
 * special laws), and the four certificate types every ente starts with: residenza, stato di
 * famiglia (D.P.R. 30 maggio 1989, n. 223, art. 33), nascita (stato civile, exempt from bollo by
 * art. 7 c.5 L. 29 dicembre 1990, n. 405) and the certificato di destinazione urbanistica
 * (D.P.R. 6 giugno 2001, n. 380, art. 30). Residenza and stato di famiglia are valid six months, the
 * CDU one year, the certificato di nascita without limit (art. 41 c.1 D.P.R. 28 dicembre 2000,
 * n. 445: facts not subject to change). The types are copied for every existing ente and, by a
 * trigger, for every ente created later; each ente then edits its own.
 *
 * Amounts (DOMAIN.md): bollo €16.00; diritti €0.52 with bollo and €0.26 in exemption for registry
 * certificates; CDU diritti €30.00 (the ente sets them within €5.16-€51.65).
 */

const TAB_B = 'Tabella B D.P.R. 642/1972';

const EXEMPTIONS: Array<{ code: string; label: string; norm: string }> = [
  { code: 'ELETTORALE', label: 'Uso elettorale (esercizio dei diritti elettorali)', norm: `art. 1 ${TAB_B}` },
  { code: 'GIUDICE_POPOLARE', label: 'Ufficio del giudice popolare e leva', norm: `art. 2 ${TAB_B}` },
  { code: 'PENALE', label: 'Procedimento penale', norm: `art. 3 ${TAB_B}` },
  { code: 'TRIBUTARIO', label: 'Applicazione di leggi tributarie (anche dichiarazione di successione)', norm: `art. 5 ${TAB_B}` },
  { code: 'SUSSIDI', label: 'Sussidi, assistenza e beneficenza', norm: `art. 8 ${TAB_B}` },
  { code: 'SPORTIVO', label: 'Società sportive (richiesta della federazione o dell’ente di promozione)', norm: `art. 8-bis ${TAB_B}` },
  { code: 'PENSIONE', label: 'Uso pensione, previdenza e assicurazioni sociali obbligatorie', norm: `art. 9 ${TAB_B}` },
  { code: 'ASSEGNI_FAMILIARI', label: 'Assegni familiari', norm: `art. 9 ${TAB_B}` },
  { code: 'SANITARIO', label: 'Assistenza sanitaria e igiene pubblica', norm: `art. 10 ${TAB_B}` },
  { code: 'SCOLASTICO', label: 'Uso scolastico (scuola dell’obbligo, asili nido, borse di studio)', norm: `art. 11 ${TAB_B}` },
  { code: 'CONTROVERSIE_LAVORO', label: 'Controversie di lavoro, previdenza e assistenza obbligatorie', norm: `art. 12 ${TAB_B}` },
  { code: 'TUTELA_MINORI', label: 'Tutela dei minori e degli interdetti', norm: `art. 13 ${TAB_B}` },
  { code: 'TRASPORTO', label: 'Abbonamenti al trasporto di persone', norm: `art. 24 ${TAB_B}` },
  { code: 'ONLUS', label: 'ONLUS e federazioni sportive riconosciute dal CONI', norm: `art. 27-bis ${TAB_B}` },
  { code: 'ADOZIONE', label: 'Adozione e affidamento di minori', norm: 'art. 82 L. 4 maggio 1983, n. 184' },
  { code: 'SEPARAZIONE_DIVORZIO', label: 'Separazione e divorzio', norm: 'art. 19 L. 6 marzo 1987, n. 74' },
  { code: 'STATO_CIVILE', label: 'Certificato di stato civile (esente per legge)', norm: 'art. 7, comma 5, L. 29 dicembre 1990, n. 405' },
];

/** The uses a registry certificate (residenza, stato di famiglia) may be issued for without bollo. */
const REGISTRY_EXEMPTIONS = EXEMPTIONS.map((e) => e.code).filter((code) => code !== 'STATO_CIVILE');
const REGISTRY_ROLES = ['clerk', 'manager', 'admin'];

/** What the registry certificates (residenza, stato di famiglia) share. */
const REGISTRY_CERTIFICATE = {
  legal_references: 'Art. 33 D.P.R. 30 maggio 1989, n. 223',
  bollo_applies: true,
  exemption_codes: REGISTRY_EXEMPTIONS,
  fee_with_bollo_cents: 52,
  fee_exempt_cents: 26,
  validity_months: 6,
  protocolled: false,
  issuing_roles: REGISTRY_ROLES,
  signatory_title: "L'Ufficiale d'Anagrafe",
};

const DEFAULT_TYPES = [
  {
    code: 'RESIDENZA',
    name: 'Certificato di residenza',
    source: 'residence',
    template:
      "Si certifica che {{nominativo}}, {{nato_a}} a {{luogo_nascita}} il {{data_nascita}}, codice fiscale {{codice_fiscale}}, risulta {{iscritto_a}} nell'Anagrafe della popolazione residente di questo Comune con residenza in {{indirizzo}}, {{cap}} {{comune_residenza}}, dal {{residente_dal}}.",
    ...REGISTRY_CERTIFICATE,
  },
  {
    code: 'STATO_FAMIGLIA',
    name: 'Certificato di stato di famiglia',
    source: 'household',
    template:
      "Si certifica che nell'Anagrafe della popolazione residente di questo Comune la famiglia anagrafica di {{nominativo}}, {{nato_a}} a {{luogo_nascita}} il {{data_nascita}}, residente in {{indirizzo}}, {{cap}} {{comune_residenza}}, risulta composta dalle {{numero_componenti}} persone di seguito indicate.",
    ...REGISTRY_CERTIFICATE,
  },
  {
    code: 'NASCITA',
    name: 'Certificato di nascita',
    source: 'birth',
    template:
      'Si certifica che nei registri degli atti di nascita di questo Comune ({{atto}}) risulta che {{nominativo}} è {{nato_a}} a {{luogo_nascita}} il {{data_nascita}}.',
    legal_references: 'D.P.R. 3 novembre 2000, n. 396 (ordinamento dello stato civile)',
    bollo_applies: false,
    exemption_codes: ['STATO_CIVILE'],
    fee_with_bollo_cents: 0,
    fee_exempt_cents: 0,
    // A birth is a fact not subject to change: unlimited validity (art. 41 c.1 D.P.R. 445/2000).
    validity_months: null,
    protocolled: false,
    issuing_roles: REGISTRY_ROLES,
    signatory_title: "L'Ufficiale dello Stato Civile",
  },
  {
    code: 'CDU',
    name: 'Certificato di destinazione urbanistica',
    source: 'cdu',
    template:
      'Vista la richiesta presentata da {{nominativo}}, codice fiscale {{codice_fiscale}}, in data {{data_richiesta}}; visti gli strumenti urbanistici vigenti e adottati; si certifica che i terreni distinti in catasto come segue: {{elenco_particelle}} hanno la destinazione urbanistica e sono soggetti alle prescrizioni riportate di seguito.',
    legal_references: 'Art. 30, commi 2 e 3, D.P.R. 6 giugno 2001, n. 380',
    bollo_applies: true,
    exemption_codes: ['TRIBUTARIO'],
    fee_with_bollo_cents: 3000,
    fee_exempt_cents: 3000,
    validity_months: 12,
    protocolled: true,
    issuing_roles: ['technician', 'manager', 'admin'],
    signatory_title: 'Il Responsabile del Servizio Urbanistica',
  },
];

export async function up(knex: Knex): Promise<void> {
  await knex('scrivania.certificate_exemptions').insert(EXEMPTIONS.map((e, index) => ({ ...e, position: index + 1 })));

  await knex.raw(`
    -- The types every new ente starts with; an ente edits its own copies.
    CREATE TABLE scrivania.certificate_type_defaults (
      code                  text PRIMARY KEY,
      name                  text NOT NULL,
      source                text NOT NULL,
      template              text NOT NULL,
      legal_references      text NOT NULL,
      bollo_applies         boolean NOT NULL,
      exemption_codes       text[] NOT NULL,
      fee_with_bollo_cents  integer NOT NULL,
      fee_exempt_cents      integer NOT NULL,
      validity_months       integer,
      protocolled           boolean NOT NULL,
      issuing_roles         text[] NOT NULL,
      signatory_title       text NOT NULL,
      position              integer NOT NULL
    );
    ALTER TABLE scrivania.certificate_type_defaults ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_type_defaults FORCE ROW LEVEL SECURITY;
    GRANT SELECT ON scrivania.certificate_type_defaults TO scrivania_admin;
    CREATE POLICY certificate_type_defaults_readable ON scrivania.certificate_type_defaults FOR SELECT TO scrivania_admin USING (true);
  `);
  await knex('scrivania.certificate_type_defaults').insert(DEFAULT_TYPES.map((t, index) => ({ ...t, position: index + 1 })));

  await knex.raw(`
    CREATE FUNCTION scrivania.install_certificate_types(p_ente_id integer) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        ente enti%ROWTYPE;
      BEGIN
        SELECT * INTO ente FROM enti WHERE id = p_ente_id;
        INSERT INTO certificate_settings (ente_id, verification_url, place)
          VALUES (ente.id,
                  'https://www.comune.' || regexp_replace(lower(regexp_replace(ente.name, '^(Comune|Unione)( dei Comuni){0,1} d(i|el|ella|ei){0,1} {0,1}', '', 'i')), '[^a-z0-9]+', '', 'g')
                    || '.' || lower(ente.province) || '.it/verifica-certificati',
                  regexp_replace(ente.name, '^(Comune|Unione)( dei Comuni){0,1} d(i|el|ella|ei){0,1} {0,1}', '', 'i'))
          ON CONFLICT (ente_id) DO NOTHING;
        INSERT INTO certificate_types (ente_id, code, name, source, template, legal_references, bollo_applies, exemption_codes,
            fee_with_bollo_cents, fee_exempt_cents, validity_months, protocolled, issuing_roles, signatory_title)
          SELECT ente.id, d.code, d.name, d.source, d.template, d.legal_references, d.bollo_applies, d.exemption_codes,
                 d.fee_with_bollo_cents, d.fee_exempt_cents, d.validity_months, d.protocolled, d.issuing_roles, d.signatory_title
            FROM certificate_type_defaults d ORDER BY d.position
          ON CONFLICT (ente_id, code) DO NOTHING;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.install_certificate_types(integer) FROM PUBLIC;

    CREATE FUNCTION scrivania.enti_install_certificate_types() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        PERFORM scrivania.install_certificate_types(NEW.id);
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.enti_install_certificate_types() FROM PUBLIC;
    CREATE TRIGGER enti_install_certificate_types AFTER INSERT ON scrivania.enti
      FOR EACH ROW EXECUTE FUNCTION scrivania.enti_install_certificate_types();

    SELECT scrivania.install_certificate_types(id) FROM scrivania.enti ORDER BY id;
  `);
}

export async function down(knex: Knex): Promise<void> {
  // Types and settings copied for the enti stay with their certificates: only an ente without any
  // certificate loses them.
  await knex.raw(`
    DROP TRIGGER enti_install_certificate_types ON scrivania.enti;
    DROP FUNCTION scrivania.enti_install_certificate_types();
    DROP FUNCTION scrivania.install_certificate_types(integer);
    DROP TABLE scrivania.certificate_type_defaults;
    ALTER TABLE scrivania.certificate_types DISABLE TRIGGER certificate_types_no_delete;
    DELETE FROM scrivania.certificate_types t WHERE NOT EXISTS (SELECT 1 FROM scrivania.certificates c WHERE c.type_id = t.id);
    ALTER TABLE scrivania.certificate_types ENABLE TRIGGER certificate_types_no_delete;
    DELETE FROM scrivania.certificate_settings;
    ALTER TABLE scrivania.certificate_exemptions DISABLE TRIGGER certificate_exemptions_no_change;
    DELETE FROM scrivania.certificate_exemptions e
     WHERE NOT EXISTS (SELECT 1 FROM scrivania.certificates c WHERE c.exemption_code = e.code)
       AND NOT EXISTS (SELECT 1 FROM scrivania.certificate_types t WHERE e.code = ANY (t.exemption_codes));
    ALTER TABLE scrivania.certificate_exemptions ENABLE TRIGGER certificate_exemptions_no_change;
  `);
}
