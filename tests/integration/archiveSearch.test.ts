import fc from 'fast-check';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveFiltersValue, ArchiveSearchResult, HighlightedText } from '../../src/shared/api/archive';
import { searchArchive } from '../../src/main/archive/search';
import { createArchiveDossier, createSeries, createStreet } from '../support/archiveFixtures';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const NO_FILTERS: ArchiveFiltersValue = { seriesIds: [], practiceTypes: [], outcomes: [], yearFrom: null, yearTo: null };

const marked = (text: HighlightedText) => text.map((segment) => (segment.hit ? `[${segment.text}]` : segment.text)).join('');

describe('archive search box, as a technician sees the archive', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let technician: TestStaff;
  let manager: TestStaff;
  let technicianDb: Knex;
  let managerDb: Knex;
  let practices: { id: number; code: string };
  let condoni: { id: number; code: string };

  const search = (text: string, filters: Partial<ArchiveFiltersValue> = {}, who: Knex = technicianDb): Promise<ArchiveSearchResult> =>
    searchArchive(who, { text, filters: { ...NO_FILTERS, ...filters }, offset: 0, limit: 50 });
  const labels = (result: ArchiveSearchResult) => result.rows.map((row) => `${row.number}/${row.year}`);

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Montesereno');
    technician = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] });
    manager = await db.createStaff({ enteId: ente.enteId, role: 'manager', officeIds: [ente.offices.edilizia] });
    technicianDb = db.connectAs(technician);
    managerDb = db.connectAs(manager);
    practices = await createSeries(db.admin, ente.enteId, { code: 'PRATICHE_EDILIZIE' });
    condoni = await createSeries(db.admin, ente.enteId, { code: 'CONDONI', title: 'Condoni edilizi', kind: 'condoni' });
    await createStreet(db.admin, ente.enteId, {
      type: 'via',
      name: 'della Libertà',
      formerly: [{ type: 'via', name: 'Vittorio Emanuele III', renamedOn: '1975-04-25' }],
    });
    await createStreet(db.admin, ente.enteId, { type: 'corso', name: 'Vittorio Emanuele II' });
    await createStreet(db.admin, ente.enteId, { type: 'piazza', name: 'Garibaldi' });
    await createStreet(db.admin, ente.enteId, { type: 'via', name: 'Roma' });
    await createStreet(db.admin, ente.enteId, { type: 'via', name: 'Cavour' });

    const rossi = [{ role: 'applicant' as const, name: 'Rossi Mario', taxCode: null }];
    await createArchiveDossier(db.admin, ente.enteId, practices, {
      year: 1968,
      number: '123',
      subject: 'Costruzione di fabbricato ad uso civile abitazione con autorimessa',
      subjects: [...rossi, { role: 'designer', name: 'Geom. Bianchi Luigi', taxCode: null }],
      addresses: ['Via Vittorio Emanuele III 12'],
      parcels: [{ sezione: null, foglio: 12, particella: '345', subalterno: 3 }],
      oldReferences: ['1187/1968'],
      scanPages: ['Licenza edilizia', 'Relazione tecnica: solaio in latero-cemento e cantina con volta a botte'],
    });
    await createArchiveDossier(db.admin, ente.enteId, condoni, {
      year: 1986,
      number: '501',
      practiceType: 'condono',
      subject: 'Domanda di condono edilizio per garage in lamiera',
      subjects: rossi,
      addresses: ['Via della Libertà 12'],
      parcels: [{ sezione: null, foglio: 12, particella: '345', subalterno: null }],
    });
    await createArchiveDossier(db.admin, ente.enteId, condoni, {
      year: 1986,
      number: '502',
      practiceType: 'condono',
      subject: 'Domanda di condono edilizio per tettoia in legno',
      addresses: ['Piazza Garibaldi 3'],
      parcels: [{ sezione: null, foglio: 7, particella: '88', subalterno: null }],
      scanPages: ['Foto del locale interrato'],
    });
    await createArchiveDossier(db.admin, ente.enteId, condoni, {
      year: 1995,
      number: '12',
      practiceType: 'condono',
      subject: 'Domanda di condono edilizio per garage interrato',
      addresses: ['Via Roma 40'],
    });
    await createArchiveDossier(db.admin, ente.enteId, practices, {
      year: 1979,
      number: '45',
      practiceType: 'concessione_edilizia',
      subject: 'Abitabilità e sopraelevazione del fabbricato',
      subjects: [{ role: 'applicant', name: 'Rossetti Maria', taxCode: null }],
      addresses: ['Corso Vittorio Emanuele II 12'],
    });
    await createArchiveDossier(db.admin, ente.enteId, practices, {
      year: 1992,
      number: '77',
      practiceType: 'concessione_edilizia',
      subject: 'Eliminazione delle barriere architettoniche con certificato medico',
      subjects: rossi,
      reserved: true,
      parcels: [{ sezione: null, foglio: 12, particella: '345', subalterno: null }],
      oldReferences: ['3333/1992'],
      scanPages: ['Certificato del medico curante: deambulazione impedita'],
    });
    // Another comune's archive, with the same words, name and reference: never in this one's answers.
    const elsewhere = await createEnte(db.admin, 'Comune di Valfonda');
    const elsewhereSeries = await createSeries(db.admin, elsewhere.enteId, { code: 'PRATICHE_EDILIZIE' });
    await createArchiveDossier(db.admin, elsewhere.enteId, elsewhereSeries, {
      year: 1992,
      number: '78',
      subject: 'Eliminazione delle barriere architettoniche in un condominio',
      subjects: rossi,
      oldReferences: ['3333/1992'],
      scanPages: ['Certificato del medico curante: deambulazione impedita'],
    });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('"123/1978"-style numbers find the practice by its original number', async () => {
    const result = await search('123/1968');
    expect(labels(result)).toEqual(['123/1968']);
    expect(result.rows[0]!.matches).toContainEqual({ kind: 'number', text: [{ text: '123/1968', hit: true }] });
  });

  it('an old protocol reference finds the practice it was filed under', async () => {
    const result = await search('prot. 1187/68');
    expect(labels(result)).toEqual(['123/1968']);
    expect(result.rows[0]!.matches.map((match) => marked(match.text))).toContain('prot. [1187/1968]');
  });

  it('cadastral references, however written, find every practice on the parcel; the subalterno ranks first', async () => {
    for (const typed of ['F. 12 part. 345', 'fg 12 mapp 345', 'foglio 12 particella 345']) {
      expect(labels(await search(typed)).sort()).toEqual(['123/1968', '501/1986']);
    }
    const withSub = await search('fg 12 mapp 345 sub 3');
    expect(labels(withSub)).toEqual(['123/1968', '501/1986']);
    expect(marked(withSub.rows[0]!.matches.find((match) => match.kind === 'parcel')!.text)).toBe('[Fg. 12 part. 345 sub. 3]');
  });

  it('an address with an abbreviation and a typo finds the street (and its house number first)', async () => {
    const result = await search('p.zza Garibaldy 3');
    expect(labels(result)).toEqual(['502/1986']);
    expect(result.streets).toEqual([{ typed: 'Piazza Garibaldy 3', matched: ['Piazza Garibaldi'] }]);
  });

  it('a short street name with one letter dropped is still the street', async () => {
    // Trigram similarity of 'caour' and 'cavour' is 0.44, of 'garibldi' and 'garibaldi' 0.64: one edit is a typo.
    expect((await search('via caour 161')).streets).toEqual([{ typed: 'Via Caour 161', matched: ['Via Cavour'] }]);
  });

  it('the old name of a renamed street finds the practices filed under either name, the old name first', async () => {
    const result = await search('v. vittorio emanule 12');
    // Via Vittorio Emanuele III (the old name, a "Via" as typed), Via della Libertà (its name today), Corso Vittorio Emanuele II.
    expect(labels(result)).toEqual(['123/1968', '501/1986', '45/1979']);
    expect(result.streets[0]!.matched).toEqual(['Via della Libertà', 'Corso Vittorio Emanuele II', 'Via Vittorio Emanuele III']);
    expect(marked(result.rows[0]!.matches.find((match) => match.kind === 'address')!.text)).toBe('Via [Vittorio] [Emanuele] III [12]');
    expect(labels(await search('via della liberta 12')).sort()).toEqual(['123/1968', '501/1986']);
  });

  it('a name finds the practices of that person, with a typo too; a reserved practice stays hidden from a technician', async () => {
    expect(labels(await search('Rossi Mario')).sort()).toEqual(['123/1968', '501/1986']);
    expect(labels(await search('Mario Rossi')).sort()).toEqual(['123/1968', '501/1986']);
    const typo = await search('Rosi Mario');
    expect(labels(typo).sort()).toEqual(['123/1968', '501/1986']);
    expect(marked(typo.rows[0]!.matches.find((match) => match.kind === 'name')!.text)).toBe('[Rossi] [Mario]');
    expect(labels(await search('Rossi Mario', {}, managerDb)).sort()).toEqual(['123/1968', '501/1986', '77/1992']);
  });

  it('a short word of a name with one letter dropped is still that name', async () => {
    // Trigram similarity of 'mrio' and 'mario' is 0.38: one edit is a typo.
    expect(labels(await search('Rossi Mrio')).sort()).toEqual(['123/1968', '501/1986']);
  });

  it("a name's words are found in any order, with a title or more names around them", async () => {
    // The designer 'Geom. Bianchi Luigi'.
    for (const typed of ['Bianchi Luigi', 'Luigi Bianchi', 'luigi biachi']) {
      const result = await search(typed);
      expect(labels(result)).toEqual(['123/1968']);
      expect(result.rows[0]!.matches.some((match) => match.kind === 'name')).toBe(true);
    }
  });

  it("a reserved practice is found by none of its words, scans' text or references by a technician, by a manager it is", async () => {
    for (const typed of ['barriere architettoniche', 'deambulazione', 'prot. 3333/1992', '3333/1992']) {
      const hidden = await search(typed);
      expect([labels(hidden), hidden.total]).toEqual([[], 0]);
      const seen = await search(typed, {}, managerDb);
      expect([labels(seen), seen.total]).toEqual([['77/1992'], 1]);
    }
  });

  it('"condono 1986 garage": words with Italian stemming, the year as a filter', async () => {
    const result = await search('condono 1986 garage');
    expect(labels(result)).toEqual(['501/1986']);
    expect(marked(result.rows[0]!.subject)).toBe('Domanda di [condono] edilizio per [garage] in lamiera');
  });

  it('words: the most recent first, the years read a few at a time until there are enough, the types named first', async () => {
    // The lookup the search box uses, asked for fewer rows than match: 'edilizio' (and 'edilizia', same stem) is in all five.
    const textIds = async (words: string, maxRows: number, boost: string[] | null = null) =>
      (
        (await technicianDb.raw(
          `SELECT d.number || '/' || t.year AS label, t.boosted
             FROM scrivania.archive_text_ids(?, false, NULL, NULL, NULL, NULL, NULL, NULL, ?::text[], ?) t
             JOIN scrivania.archive_dossiers d ON d.id = t.id`,
          [words, boost, maxRows],
        )) as { rows: Array<{ label: string; boosted: boolean }> }
      ).rows;
    expect(await textIds('edilizio', 2)).toEqual([
      { label: '12/1995', boosted: false },
      { label: '502/1986', boosted: false },
    ]);
    expect((await textIds('edilizio', 10)).map((row) => row.label)).toEqual(['12/1995', '502/1986', '501/1986', '45/1979', '123/1968']);
    expect(await textIds('fabbricato', 10, ['concessione_edilizia'])).toEqual([
      { label: '45/1979', boosted: true },
      { label: '123/1968', boosted: false },
    ]);
    expect(await textIds('fabbricato', 1, ['licenza_edilizia'])).toEqual([{ label: '123/1968', boosted: true }]);
  });

  it('once better matches fill the page, those found only in the scans are counted, not ranked', async () => {
    // 'interrato' describes 12/1995 and is only in a scan of 502/1986.
    const page = await searchArchive(technicianDb, { text: 'interrato', filters: NO_FILTERS, offset: 0, limit: 1 });
    expect([labels(page), page.total]).toEqual([['12/1995'], 2]);
    const all = await search('interrato');
    expect([labels(all), all.total]).toEqual([['12/1995', '502/1986'], 2]);
    expect(all.rows[1]!.matches.map((match) => match.kind)).toContain('content');
  });

  it("a dossier's names, addresses and parcels carry its year (what a ranking by place or name reads), corrected with it", async () => {
    const yearsOf = async (db: Knex, number: string) =>
      (
        (await db.raw(
          `SELECT d.year, array_agg(DISTINCT c.year) AS carried
             FROM scrivania.archive_dossiers d
             JOIN (SELECT dossier_id, year FROM scrivania.archive_dossier_subjects
                   UNION ALL SELECT dossier_id, year FROM scrivania.archive_addresses
                   UNION ALL SELECT dossier_id, year FROM scrivania.archive_parcels) c ON c.dossier_id = d.id
            WHERE d.number = ? AND d.ente_id = ? GROUP BY d.year`,
          [number, ente.enteId],
        )) as { rows: Array<{ year: number; carried: number[] }> }
      ).rows;
    expect(await yearsOf(db.admin, '123')).toEqual([{ year: 1968, carried: [1968] }]);
    // Staff cannot change a year; an administrator's correction, rolled back after the check.
    const trx = await db.admin.transaction();
    try {
      await trx.raw(`UPDATE scrivania.archive_dossiers SET year = 1969 WHERE number = '123' AND ente_id = ?`, [ente.enteId]);
      expect(await yearsOf(trx, '123')).toEqual([{ year: 1969, carried: [1969] }]);
    } finally {
      await trx.rollback();
    }
    expect(await yearsOf(db.admin, '123')).toEqual([{ year: 1968, carried: [1968] }]);
  });

  it('stemming and accents: "autorimesse" finds "autorimessa", "abitabilita" finds "Abitabilità"', async () => {
    expect(labels(await search('autorimesse'))).toEqual(['123/1968']);
    expect(labels(await search('abitabilita'))).toEqual(['45/1979']);
  });

  it("words only in the scans' OCR text find the practice, with the passage highlighted", async () => {
    const result = await search('volta a botte');
    expect(labels(result)).toEqual(['123/1968']);
    const content = result.rows[0]!.matches.find((match) => match.kind === 'content');
    expect(content && marked(content.text)).toContain('[volta] a [botte]');
  });

  it('filters narrow by series, type, outcome and years', async () => {
    expect(labels(await search('', { seriesIds: [condoni.id] })).sort()).toEqual(['12/1995', '501/1986', '502/1986']);
    expect(labels(await search('condono', { yearFrom: 1990, yearTo: 2000 }))).toEqual(['12/1995']);
    expect(labels(await search('', { practiceTypes: ['concessione_edilizia'] }))).toEqual(['45/1979']);
    expect((await search('', { outcomes: ['denied'] })).rows).toEqual([]);
  });

  it('an empty box lists the archive, most recent first', async () => {
    const result = await search('   ');
    expect(labels(result)).toEqual(['12/1995', '502/1986', '501/1986', '45/1979', '123/1968']);
    expect(result.totalIsLowerBound).toBe(false);
  });

  it('any input gives an answer, never an error', async () => {
    for (const text of [
      "'; DROP TABLE scrivania.archive_dossiers; --",
      '%%%',
      '\\',
      'F. 99999 part. 0',
      '0/0',
      '&|!():*',
      'via',
      'n. /',
      '\u0000',
      '😀'.repeat(10),
      'x'.repeat(600),
    ]) {
      await expect(search(text)).resolves.toMatchObject({ rows: expect.any(Array) });
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (text) => {
        const result = await search(text);
        expect(Array.isArray(result.rows)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
