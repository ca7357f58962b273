import { describe, expect, it } from 'vitest';
import { generateDemoArchive, DEMO_SERIES } from '../../src/main/demo/archive';
import { scanPdf, scanPhoto } from '../../src/main/demo/archiveScans';
import { DEMO_RENAMINGS, DEMO_STREETS, streetNameOn } from '../../src/main/demo/archiveToponymy';
import { createRng } from '../../src/main/demo/rng';
import { detectContentType } from '../../src/main/documents/contentType';
import { inspectScan } from '../../src/main/archive/scanInspection';

const context = {
  persons: [{ last_name: 'Verdi', first_name: 'Giuseppe', codice_fiscale: 'VRDGPP50R10H501X', birth_date: '1950-10-10' }],
  instanceSubjects: [
    'Ampliamento di fabbricato, Via Roma 14 (Fg. 7 mapp. 120)',
    'Certificato di destinazione urbanistica, Fg. 31 mapp. 908',
  ],
};

describe('demo archive', () => {
  const dossiers = generateDemoArchive(3000, createRng(20261123), context);

  it('has a few thousand practices over sixty years, in the three series', () => {
    expect(dossiers.length).toBeGreaterThanOrEqual(3000);
    const years = dossiers.map((dossier) => dossier.year);
    expect(Math.min(...years)).toBe(1955);
    expect(Math.max(...years)).toBe(2015);
    expect(new Set(dossiers.map((dossier) => dossier.seriesCode))).toEqual(new Set(DEMO_SERIES.map((series) => series.code)));
  });

  it('is the same for the same seed', () => {
    const again = generateDemoArchive(3000, createRng(20261123), context);
    expect(again.map((dossier) => `${dossier.seriesCode} ${dossier.number}/${dossier.year} ${dossier.subject}`)).toEqual(
      dossiers.map((dossier) => `${dossier.seriesCode} ${dossier.number}/${dossier.year} ${dossier.subject}`),
    );
  });

  it('numbers each series from 1 every year, without gaps or repeats', () => {
    const byYear = new Map<string, number[]>();
    for (const dossier of dossiers) {
      const key = `${dossier.seriesCode}|${dossier.year}`;
      byYear.set(key, [...(byYear.get(key) ?? []), Number(dossier.number)]);
    }
    for (const [key, numbers] of byYear) {
      // The showcase practices (123/1968, 501/1986, 77/1992) are numbers kept free in their year.
      const sorted = [...numbers].sort((a, b) => a - b);
      expect(new Set(sorted).size, key).toBe(sorted.length);
      expect(
        sorted.filter((n) => ![123, 501, 77].includes(n)).every((n, i) => n === i + 1 || sorted.includes(i + 1)),
        key,
      ).toBe(true);
    }
  });

  it('gives each year the building title the law gave then (licenza until 1977, permesso di costruire from 2003)', () => {
    for (const dossier of dossiers) {
      if (dossier.practiceType === 'licenza_edilizia') expect(dossier.year).toBeLessThan(1977);
      if (dossier.practiceType === 'concessione_edilizia') expect(dossier.year).toBeGreaterThanOrEqual(1977);
      if (dossier.practiceType === 'permesso_di_costruire') expect(dossier.year).toBeGreaterThanOrEqual(2003);
      if (dossier.practiceType === 'scia') expect(dossier.year).toBeGreaterThanOrEqual(2010);
      if (dossier.practiceType === 'condono') expect([1985, 1986, 1987, 1995, 1996, 2004]).toContain(dossier.year);
    }
  });

  it('writes a renamed street by the name it had when the practice was filed', () => {
    const liberta = DEMO_RENAMINGS.find((renaming) => renaming.today.name === 'della Libertà')!;
    expect(streetNameOn(liberta.today, '1968-03-12')).toEqual(liberta.old);
    expect(streetNameOn(liberta.today, '1986-09-30')).toEqual(liberta.today);
    for (const dossier of dossiers) {
      for (const { street } of dossier.addresses) {
        const renaming = DEMO_RENAMINGS.find((candidate) => candidate.old.name === street.name && candidate.old.type === street.type);
        if (renaming) expect(dossier.openedOn < renaming.renamedOn).toBe(true);
      }
    }
  });

  it("puts some practices on the parcels and streets of today's instances, so they show as precedents", () => {
    expect(dossiers.some((dossier) => dossier.parcels.some((parcel) => parcel.foglio === 7 && parcel.particella === '120'))).toBe(true);
    expect(dossiers.some((dossier) => dossier.addresses.some(({ street }) => street.name === 'Roma'))).toBe(true);
  });

  it('includes the showcase practices of the README', () => {
    const licenza = dossiers.find((dossier) => dossier.number === '123' && dossier.year === 1968)!;
    expect(licenza.addresses[0]!.street).toEqual({ type: 'via', name: 'Vittorio Emanuele III' });
    expect(licenza.parcels).toEqual([{ foglio: 12, particella: '345', subalterno: 3 }]);
    expect(dossiers.find((dossier) => dossier.number === '77' && dossier.year === 1992)!.reserved).toBe(true);
  });

  it("knows today's streets from the people registry's list", () => {
    expect(DEMO_STREETS).toContainEqual({ type: 'corso', name: 'Vittorio Emanuele II' });
    expect(DEMO_STREETS).toContainEqual({ type: 'localita', name: 'Pian di Mezzo' });
  });
});

describe('demo scans', () => {
  it('a generated PDF is a PDF whose text layer the archive reads back, page by page', async () => {
    const bytes = scanPdf(
      [
        [{ text: 'COMUNE DI MONTESERENO', style: 'title' }, { text: 'Licenza edilizia n. 123/1968: autorimessa, città' }],
        [{ text: 'Relazione tecnica' }],
      ],
      { variant: 1, typewriter: true },
    );
    expect(detectContentType(bytes).kind).toBe('pdf');
    const inspection = await inspectScan('pratica.pdf', bytes);
    expect(inspection).toMatchObject({ ok: true, contentType: 'application/pdf', pageCount: 2 });
    expect(inspection.ok && inspection.textLayer).toContain('autorimessa, città');
  });

  it('a generated photograph is a complete PNG, and no two are the same', async () => {
    const first = scanPhoto(1);
    const second = scanPhoto(2);
    expect(await inspectScan('foto.png', first)).toEqual({ ok: true, contentType: 'image/png', pageCount: 1, textLayer: null });
    expect(first.equals(second)).toBe(false);
  });
});
