import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/api/appError';
import { importStatus, interruptImport, resumeImport, startImport } from '../../src/main/archive/importer';
import { silentLogger } from '../../src/main/logger';
import type { SessionInfo } from '../../src/shared/api/session';
import { createSeries } from '../support/archiveFixtures';
import { pdfBytes, pngBytes } from '../support/documentFixtures';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const HEADER =
  'file;serie;anno;numero;tipo_pratica;oggetto;titolo_documento;tipo_documento;richiedenti;indirizzi;catasto;scatola;riservato;pagine;sha256;ocr';
const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

function sessionOf(staff: TestStaff, ente: EnteFixture): SessionInfo {
  return {
    staffId: staff.id,
    username: staff.username,
    fullName: `Persona ${staff.role}`,
    role: staff.role,
    ente: { id: ente.enteId, name: 'Comune di Prova' },
    offices: [],
  };
}

/** A folder of scans with its manifest; `rows` are the manifest's data lines. */
function scanFolder(files: Record<string, Uint8Array | string>, rows: string[], header = HEADER): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-archive-import-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), content);
  }
  fs.writeFileSync(path.join(folder, 'manifest.csv'), `\uFEFF${[header, ...rows].join('\r\n')}\r\n`);
  return folder;
}

async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('batch import of scans with a manifest', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let technician: TestStaff;
  let manager: TestStaff;
  let clerk: TestStaff;
  let technicianDb: Knex;
  let managerDb: Knex;
  let clerkDb: Knex;
  const folders: string[] = [];

  const counts = async () => {
    const result = (await db.admin.raw(`
      SELECT (SELECT count(*) FROM scrivania.archive_dossiers)::int AS dossiers,
             (SELECT count(*) FROM scrivania.archive_documents)::int AS documents`)) as {
      rows: Array<{ dossiers: number; documents: number }>;
    };
    return result.rows[0]!;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Montesereno');
    technician = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] });
    manager = await db.createStaff({ enteId: ente.enteId, role: 'manager', officeIds: [ente.offices.edilizia] });
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.protocollo] });
    technicianDb = db.connectAs(technician);
    managerDb = db.connectAs(manager);
    clerkDb = db.connectAs(clerk);
    const series = await createSeries(db.admin, ente.enteId, { code: 'PRATICHE_EDILIZIE' });
    await db
      .admin('scrivania.archive_boxes')
      .insert({ ente_id: ente.enteId, series_id: series.id, label: 'PE-1978-01', building: 'Municipio', room: 'Archivio', shelf: 'S1' });
  });

  afterAll(async () => {
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
    await db.drop();
  });

  it('a manifest with an unknown or a missing column is refused whole, naming the columns, and nothing is imported', async () => {
    const unknown = scanFolder(
      {},
      ['a.pdf;PRATICHE_EDILIZIE;1978;1;licenza_edilizia;Casa;Domanda'],
      'file;serie;anno;numero;tipo_pratica;oggetto;titolo_documento;tipo_practica',
    );
    const missing = scanFolder({}, ['a.pdf;PRATICHE_EDILIZIE;1978;1;licenza_edilizia;Casa'], 'file;serie;anno;numero;tipo_pratica;oggetto');
    folders.push(unknown, missing);
    const first = await refusal(
      startImport(technicianDb, sessionOf(technician, ente), { folder: unknown, manifest: 'manifest.csv' }, silentLogger),
    );
    expect(first).toMatchObject({
      code: 'validation',
      reason: 'unknown_columns',
      issues: [{ path: 'tipo_practica', reason: 'unknown_columns' }],
    });
    const second = await refusal(
      startImport(technicianDb, sessionOf(technician, ente), { folder: missing, manifest: 'manifest.csv' }, silentLogger),
    );
    expect(second).toMatchObject({ reason: 'missing_columns', issues: [{ path: 'titolo_documento', reason: 'missing_columns' }] });
    const notThere = await refusal(
      startImport(technicianDb, sessionOf(technician, ente), { folder: '/nonexistent/scansioni', manifest: 'manifest.csv' }, silentLogger),
    );
    expect(notThere.reason).toBe('folder_missing');
    expect(await db.admin('scrivania.archive_import_batches').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('a clerk cannot import', async () => {
    const folder = scanFolder({}, []);
    folders.push(folder);
    expect((await refusal(startImport(clerkDb, sessionOf(clerk, ente), { folder, manifest: 'manifest.csv' }, silentLogger))).code).toBe(
      'forbidden',
    );
  });

  it('imports the good lines, reports every bad one with its line and reason, and imports nothing of a bad line', async () => {
    const domanda = pdfBytes(['Licenza edilizia n. 12/1978', 'Relazione tecnica: garage interrato']);
    const tavole = pdfBytes(['Tavola 1: piante', 'Tavola 2: prospetti', 'Tavola 3: sezioni']);
    const foto = pngBytes(20, 10);
    const truncated = pdfBytes(['Documento troncato']).subarray(0, 120);
    const files = {
      'scatola1/domanda.pdf': domanda,
      'scatola1/tavole.pdf': tavole,
      'scatola1/foto.png': foto,
      'scatola1/rotto.pdf': truncated,
      'scatola1/vuoto.pdf': new Uint8Array(0),
      'scatola1/finta.pdf': pngBytes(5, 5),
      'scatola1/nota.pdf': 'solo testo, non un PDF',
      'scatola1/altra.pdf': pdfBytes(['Concessione edilizia n. 40/1980']),
      'scatola1/ocr.txt': 'Testo OCR della concessione: sopraelevazione del sottotetto',
      'scatola1/condono.pdf': pdfBytes(['Domanda di condono 5/1986']),
      'scatola1/scatola.pdf': pdfBytes(['Licenza 3/1979']),
    };
    const good = 'PRATICHE_EDILIZIE;1978;12;licenza_edilizia;Costruzione di autorimessa interrata';
    const folder = scanFolder(files, [
      `scatola1/domanda.pdf;${good};Domanda e licenza;domanda;Rossi Mario|Bianchi Anna;Via Roma 12;Fg. 12 part. 345 sub. 3;PE-1978-01;no;2;${sha256(domanda)};`,
      `scatola1/tavole.pdf;${good};Elaborati grafici;tavole;;;;;;3;;`,
      `scatola1/foto.png;${good};Fotografie;foto;;;;;;;;`,
      `scatola1/mancante.pdf;${good};Relazione;relazione;;;;;;;;`,
      `scatola1/rotto.pdf;${good};Relazione;relazione;;;;;;;;`,
      `scatola1/vuoto.pdf;${good};Relazione;relazione;;;;;;;;`,
      `scatola1/finta.pdf;${good};Relazione;relazione;;;;;;;;`,
      `scatola1/nota.pdf;${good};Relazione;relazione;;;;;;;;`,
      `scatola1/domanda.pdf;${good};Copia;altro;;;;;;;;`,
      `scatola1/altra.pdf;PRATICHE_EDILIZIE;19x0;40;concessione_edilizia;Sopraelevazione;Concessione;;;;;;;;;`,
      `scatola1/altra.pdf;PRATICHE_EDILIZIE;1980;40;concessione_edilizia;Sopraelevazione del sottotetto;Concessione;provvedimento;;;;;;;;scatola1/ocr.txt`,
      `scatola1/tavole.pdf;${good};Elaborati;tavole;;;;;;4;;`,
      `scatola1/condono.pdf;CONDONI;1986;5;condono;Tettoia;Domanda;domanda;;;;;;;;`,
      `scatola1/scatola.pdf;PRATICHE_EDILIZIE;1979;3;licenza_edilizia;Recinzione;Licenza;;;;;SCATOLA-X;;;;`,
      `scatola1/domanda.pdf;${good};Domanda;domanda;;;;;;;${'0'.repeat(64)};`,
      `../fuori.pdf;${good};Domanda;domanda;;;;;;;;`,
      `scatola1/domanda.pdf;${good};Domanda;domanda`,
      `scatola1/foto.png;PRATICHE_EDILIZIE;1978;12;concessione_edilizia;Costruzione di autorimessa interrata;Foto;foto;;;;;;;;`,
    ]);
    folders.push(folder);
    const started = await startImport(technicianDb, sessionOf(technician, ente), { folder, manifest: 'manifest.csv' }, silentLogger);
    expect(started.status).toMatchObject({ totalRows: 18, folder: path.resolve(folder) });
    await started.finished;
    const status = await importStatus(technicianDb, started.status.id);
    expect(status).toMatchObject({ status: 'completed', processed: 18, imported: 4, duplicates: 1, rejected: 13 });
    expect(status.problems.map((problem) => [problem.line, problem.outcome, problem.reason])).toEqual([
      [5, 'rejected', 'file_missing'],
      [6, 'rejected', 'file_corrupt'],
      [7, 'rejected', 'file_empty'],
      [8, 'rejected', 'name_mismatch'],
      [9, 'rejected', 'type_not_allowed'],
      [10, 'duplicate', null],
      [11, 'rejected', 'invalid_value'],
      [13, 'rejected', 'page_count_mismatch'],
      [14, 'rejected', 'unknown_series'],
      [15, 'rejected', 'unknown_box'],
      [16, 'rejected', 'hash_mismatch'],
      [17, 'rejected', 'unsafe_path'],
      [18, 'rejected', 'wrong_column_count'],
      [19, 'rejected', 'dossier_conflict'],
    ]);
    expect(status.problems.find((problem) => problem.line === 11)!.detail).toBe('anno: "19x0"');

    const dossiers = (await technicianDb('scrivania.archive_dossiers')
      .orderBy('number')
      .select('id', 'number', 'year', 'box_id')) as Array<{ id: number; number: string }>;
    expect(dossiers.map((dossier) => `${dossier.number}/${(dossier as unknown as { year: number }).year}`)).toEqual(['12/1978', '40/1980']);
    // Practices are written two at a time: compare by file, not by the order they were written in.
    const documents = (await technicianDb('scrivania.archive_documents')
      .orderBy('filename')
      .select('filename', 'sequence', 'page_count', 'content_type', 'ocr_source')) as object[];
    expect(documents).toEqual([
      { filename: 'altra.pdf', sequence: 1, page_count: 1, content_type: 'application/pdf', ocr_source: 'sidecar' },
      { filename: 'domanda.pdf', sequence: 1, page_count: 2, content_type: 'application/pdf', ocr_source: 'text_layer' },
      { filename: 'foto.png', sequence: 3, page_count: 1, content_type: 'image/png', ocr_source: null },
      { filename: 'tavole.pdf', sequence: 2, page_count: 3, content_type: 'application/pdf', ocr_source: 'text_layer' },
    ]);
    const subjects = await technicianDb('scrivania.archive_dossier_subjects').orderBy('id').pluck('name');
    expect(subjects).toEqual(['Rossi Mario', 'Bianchi Anna']);
    // The OCR of the sidecar file is searchable.
    const found = await technicianDb('scrivania.archive_dossiers')
      .whereRaw(`search_tsv @@ plainto_tsquery('scrivania.archivio', 'sottotetto')`)
      .pluck('number');
    expect(found).toEqual(['40']);
  });

  it('importing the same manifest again imports nothing twice: every good line is a duplicate', async () => {
    const before = await counts();
    const files = { 'a.pdf': pdfBytes(['Pratica 7/1990 pagina 1']), 'b.pdf': pdfBytes(['Pratica 7/1990 pagina 2']) };
    const rows = [
      'a.pdf;PRATICHE_EDILIZIE;1990;7;concessione_edilizia;Ampliamento;Domanda;;;;;;;;;',
      'b.pdf;PRATICHE_EDILIZIE;1990;7;concessione_edilizia;Ampliamento;Tavole;;;;;;;;;',
    ];
    const folder = scanFolder(files, rows);
    folders.push(folder);
    const first = await startImport(technicianDb, sessionOf(technician, ente), { folder, manifest: 'manifest.csv' }, silentLogger);
    await first.finished;
    const second = await startImport(technicianDb, sessionOf(technician, ente), { folder, manifest: 'manifest.csv' }, silentLogger);
    await second.finished;
    expect(await importStatus(technicianDb, second.status.id)).toMatchObject({
      status: 'completed',
      imported: 0,
      duplicates: 2,
      rejected: 0,
    });
    expect(await counts()).toEqual({ dossiers: before.dossiers + 1, documents: before.documents + 2 });
  });

  it('a technician cannot import a reserved dossier; a manager can', async () => {
    const folder = scanFolder({ 'r.pdf': pdfBytes(['Certificato medico riservato']) }, [
      'r.pdf;PRATICHE_EDILIZIE;1992;77;concessione_edilizia;Barriere architettoniche;Certificato;certificato;;;;;si;;;',
    ]);
    folders.push(folder);
    const byTechnician = await startImport(technicianDb, sessionOf(technician, ente), { folder, manifest: 'manifest.csv' }, silentLogger);
    await byTechnician.finished;
    expect((await importStatus(technicianDb, byTechnician.status.id)).problems.map((problem) => problem.reason)).toEqual([
      'reserved_needs_manager',
    ]);
    const byManager = await startImport(managerDb, sessionOf(manager, ente), { folder, manifest: 'manifest.csv' }, silentLogger);
    await byManager.finished;
    expect(await importStatus(managerDb, byManager.status.id)).toMatchObject({ imported: 1 });
    expect(await technicianDb('scrivania.archive_dossiers').where({ number: '77' }).first()).toBeUndefined();
  });

  it('an interrupted import, resumed, finishes without duplicates; so does one whose importer died', async () => {
    const files: Record<string, Uint8Array> = {};
    const rows: string[] = [];
    for (let i = 1; i <= 40; i++) {
      files[`lotto/${i}.pdf`] = pdfBytes([`Pratica ${i}/1995`, `Pagina seconda della pratica ${i}`]);
      rows.push(`lotto/${i}.pdf;PRATICHE_EDILIZIE;1995;${i};concessione_edilizia;Pratica numero ${i};Domanda;domanda;;;;;;;;`);
    }
    const folder = scanFolder(files, rows);
    folders.push(folder);
    const session = sessionOf(technician, ente);
    const started = await startImport(technicianDb, session, { folder, manifest: 'manifest.csv' }, silentLogger);
    const interrupted = await interruptImport(technicianDb, session, started.status.id);
    expect(['interrupting', 'interrupted']).toContain(interrupted.status);
    await started.finished;
    const halfway = await importStatus(technicianDb, started.status.id);
    expect(halfway.status).toBe('interrupted');
    expect(halfway.processed).toBeLessThan(40);

    // The importer "dies" part-way: its batch is left running without a heartbeat.
    const resumed = await resumeImport(technicianDb, session, started.status.id, silentLogger);
    expect(resumed.status.status).toBe('running');
    await interruptImport(technicianDb, session, started.status.id);
    await resumed.finished;
    await db
      .admin('scrivania.archive_import_batches')
      .where({ id: started.status.id })
      .update({ status: 'running', heartbeat_at: db.admin.raw(`now() - interval '1 hour'`) });
    expect((await importStatus(technicianDb, started.status.id)).status).toBe('interrupted');

    const again = await resumeImport(technicianDb, session, started.status.id, silentLogger);
    await again.finished;
    const final = await importStatus(technicianDb, started.status.id);
    expect(final).toMatchObject({ status: 'completed', processed: 40, imported: 40, duplicates: 0, rejected: 0 });
    const numbers = await technicianDb('scrivania.archive_dossiers').where({ year: 1995 }).pluck('number');
    expect(numbers.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const perFile = (await db.admin.raw(
      `SELECT count(*)::int AS files, count(DISTINCT sha256)::int AS distinct_files FROM scrivania.archive_documents WHERE import_batch_id = ?`,
      [started.status.id],
    )) as { rows: Array<{ files: number; distinct_files: number }> };
    expect(perFile.rows[0]).toEqual({ files: 40, distinct_files: 40 });
    const resumeCompleted = await refusal(resumeImport(technicianDb, session, started.status.id, silentLogger));
    expect(resumeCompleted.reason).toBe('import_not_resumable');
  });
});
