import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyArchiveQuery,
  formatAddressRef,
  formatParcel,
  isEmptyArchiveQuery,
  MAX_NAME_WORDS,
  parseArchiveQuery,
  type ArchiveQuery,
} from '../../src/shared/domain/archiveQuery';

/** The parsed query with only the parts a case is about; the rest must be empty. */
function parsed(input: string): ArchiveQuery {
  return parseArchiveQuery(input);
}

const nothing = emptyArchiveQuery();

describe('archive search box: practice numbers and protocol references', () => {
  it.each([
    ['123/1978', [{ number: '123', year: 1978 }]],
    ['n. 45/78', [{ number: '45', year: 1978 }]],
    ['N° 7/2003', [{ number: '7', year: 2003 }]],
    ['123 del 1978', [{ number: '123', year: 1978 }]],
    ['licenza 0123/1968', [{ number: '123', year: 1968 }]],
    ['12bis/1986', [{ number: '12bis', year: 1986 }]],
    ['45/05', [{ number: '45', year: 2005 }]],
    [
      '123/1978 e 88/1979',
      [
        { number: '123', year: 1978 },
        { number: '88', year: 1979 },
      ],
    ],
  ])('%s is a practice number', (input, numbers) => {
    expect(parsed(input).numbers).toEqual(numbers);
  });

  it('a practice number leaves no year filter and no words behind', () => {
    expect(parsed('123/1978')).toEqual({ ...nothing, numbers: [{ number: '123', year: 1978 }] });
  });

  it('"prot. 4567/1978" is an old protocol reference, not a practice number', () => {
    expect(parsed('prot. 4567/1978')).toEqual({ ...nothing, protocolRefs: [{ number: '4567', year: 1978 }] });
    expect(parsed('protocollo n. 12/86').protocolRefs).toEqual([{ number: '12', year: 1986 }]);
  });

  it('a number over a three-digit "year" is not a practice number', () => {
    expect(parsed('12/345').numbers).toEqual([]);
  });
});

describe('archive search box: cadastral references (sezione, foglio, particella, subalterno)', () => {
  const parcel = (foglio: number | null, particella: string | null, subalterno: number | null = null, sezione: string | null = null) => ({
    sezione,
    foglio,
    particella,
    subalterno,
  });

  it.each([
    ['F. 12 part. 345', [parcel(12, '345')]],
    ['fg 12 mapp 345 sub 3', [parcel(12, '345', 3)]],
    ['foglio 12 particella 345', [parcel(12, '345')]],
    ['Fg.12 mapp.345', [parcel(12, '345')]],
    ['F. 12/345', [parcel(12, '345')]],
    ['fg. 7 mapp. 120, 121', [parcel(7, '120'), parcel(7, '121')]],
    ['foglio 7 mappali 120 e 121', [parcel(7, '120'), parcel(7, '121')]],
    ['fg 3 p.lla 88 sub 2-3', [parcel(3, '88', 2), parcel(3, '88', 3)]],
    ['sez. B fg 3 map 88', [parcel(3, '88', null, 'B')]],
    ['fg 3 sez. B map 88', [parcel(3, '88', null, 'B')]],
    ['foglio 12', [parcel(12, null)]],
    ['particella 345', [parcel(null, '345')]],
    ['mappale 345 sub 7', [parcel(null, '345', 7)]],
    ['F 012 part 0345', [parcel(12, '345')]],
  ])('%s', (input, parcels) => {
    expect(parsed(input).parcels).toEqual(parcels);
  });

  it('a cadastral reference leaves no words to search as text', () => {
    expect(parsed('fg 12 mapp 345 sub 3')).toEqual({ ...nothing, parcels: [parcel(12, '345', 3)] });
  });

  it('is written back the way documents write it', () => {
    expect(formatParcel(parcel(12, '345', 3, 'B'))).toBe('Sez. B Fg. 12 part. 345 sub. 3');
  });
});

describe('archive search box: addresses with abbreviations, numbers in names and house numbers', () => {
  it.each([
    ['v. roma 12', { streetType: 'via', nameWords: ['roma'], civic: '12' }],
    ['V.Roma 12', { streetType: 'via', nameWords: ['roma'], civic: '12' }],
    ['via Vittorio Emanuele', { streetType: 'via', nameWords: ['vittorio', 'emanuele'], civic: null }],
    ['c.so Vittorio Emanuele II 45', { streetType: 'corso', nameWords: ['vittorio', 'emanuele', 'ii'], civic: '45' }],
    ['p.zza Garibaldi 3', { streetType: 'piazza', nameWords: ['garibaldi'], civic: '3' }],
    ['P.za della Repubblica', { streetType: 'piazza', nameWords: ['della', 'repubblica'], civic: null }],
    ['Via IV Novembre 12/A', { streetType: 'via', nameWords: ['iv', 'novembre'], civic: '12/a' }],
    ['via 20 settembre 5', { streetType: 'via', nameWords: ['20', 'settembre'], civic: '5' }],
    ['v. 25 aprile 33', { streetType: 'via', nameWords: ['25', 'aprile'], civic: '33' }],
    ['Via XX Settembre, 5', { streetType: 'via', nameWords: ['xx', 'settembre'], civic: '5' }],
    ['via Roma n. 12', { streetType: 'via', nameWords: ['roma'], civic: '12' }],
    ['via roma 5bis', { streetType: 'via', nameWords: ['roma'], civic: '5bis' }],
    ['loc. Pian di Mezzo', { streetType: 'localita', nameWords: ['pian', 'di', 'mezzo'], civic: null }],
    ['fraz. San Martino 4', { streetType: 'frazione', nameWords: ['san', 'martino'], civic: '4' }],
    ['v.le Europa 10', { streetType: 'viale', nameWords: ['europa'], civic: '10' }],
    ['Via dela Libertà 8', { streetType: 'via', nameWords: ['dela', 'libertà'], civic: '8' }],
  ])('%s', (input, address) => {
    expect(parsed(input).addresses).toEqual([address]);
  });

  it('a person\'s initial after the surname is not read as "via"', () => {
    expect(parsed('Rossi V.').addresses).toEqual([]);
    expect(parsed('Vittorio Rossi').addresses).toEqual([]);
  });

  it('an address followed by a cadastral reference gives both', () => {
    const query = parsed('via Roma 12 fg 12 mapp 345');
    expect(query.addresses).toEqual([{ streetType: 'via', nameWords: ['roma'], civic: '12' }]);
    expect(query.parcels).toEqual([{ sezione: null, foglio: 12, particella: '345', subalterno: null }]);
    expect(query.words).toEqual([]);
  });

  it('a year after a street name is a year, not a house number', () => {
    const query = parsed('via Roma 1978');
    expect(query.addresses).toEqual([{ streetType: 'via', nameWords: ['roma'], civic: null }]);
    expect(query.years).toEqual({ from: 1978, to: 1978 });
  });

  it('a practice number after a street name stays a practice number', () => {
    const query = parsed('via Roma 12/1978');
    expect(query.addresses).toEqual([{ streetType: 'via', nameWords: ['roma'], civic: null }]);
    expect(query.numbers).toEqual([{ number: '12', year: 1978 }]);
  });

  it('is written back with capitals and Roman numerals', () => {
    expect(formatAddressRef({ streetType: 'corso', nameWords: ['vittorio', 'emanuele', 'ii'], civic: '12/a' })).toBe(
      'Corso Vittorio Emanuele II 12/A',
    );
    expect(formatAddressRef({ streetType: 'via', nameWords: ['della', 'libertà'], civic: '8' })).toBe('Via della Libertà 8');
    expect(formatAddressRef({ streetType: 'localita', nameWords: ['pian', 'di', 'mezzo'], civic: null })).toBe('Località Pian di Mezzo');
    expect(formatAddressRef({ streetType: 'via', nameWords: ["dell'annunziata"], civic: null })).toBe("Via dell'Annunziata");
    expect(formatAddressRef({ streetType: 'localita', nameWords: ['le', 'case'], civic: null })).toBe('Località Le Case');
    expect(formatAddressRef({ streetType: 'piazza', nameWords: ['umberto', 'i'], civic: null })).toBe('Piazza Umberto I');
  });
});

describe('archive search box: names, years, days and words', () => {
  it('"Rossi Mario" is searched as words and as a possible name', () => {
    expect(parsed('Rossi Mario')).toEqual({ ...nothing, words: ['rossi', 'mario'], nameWords: ['rossi', 'mario'] });
    expect(parsed("D'Angelo Niccolò").nameWords).toEqual(["d'angelo", 'niccolò']);
  });

  it('"condono 1986 garage": a type of practice, a year and a word', () => {
    expect(parsed('condono 1986 garage')).toEqual({
      ...nothing,
      years: { from: 1986, to: 1986 },
      practiceTypes: ['condono'],
      words: ['condono', 'garage'],
    });
  });

  it.each([
    ['1978-1985', { from: 1978, to: 1985 }],
    ['dal 1970 al 1975', { from: 1970, to: 1975 }],
    ['tra 1990 e 1980', { from: 1980, to: 1990 }],
    ['1978 1985', { from: 1978, to: 1985 }],
    ['dal 2001', { from: 2001, to: 2100 }],
  ])('%s is a range of years', (input, years) => {
    expect(parsed(input).years).toEqual(years);
    expect(parsed(input).words).toEqual([]);
  });

  it('a day is a day, not a practice number; an impossible day is left as text', () => {
    expect(parsed('rilasciata il 12/03/1978')).toMatchObject({ dates: ['1978-03-12'], numbers: [] });
    expect(parsed('12.3.78').dates).toEqual(['1978-03-12']);
    expect(parsed('31/02/1978').dates).toEqual([]);
  });

  it.each([
    ['licenza commerciale', ['licenza_commerciale']],
    ['abitabilità 1962', ['agibilita']],
    ['delibera di giunta', ['delibera_giunta']],
    ['permesso di costruire', ['permesso_di_costruire']],
    ['sanatoria tettoia', ['condono']],
  ])('%s names the type %s', (input, types) => {
    expect(parsed(input).practiceTypes).toEqual(types);
  });

  it('words that only say "in the archive" are not required in the results', () => {
    expect(parsed('pratica numero garage').words).toEqual(['garage']);
    expect(parsed('via').words).toEqual([]);
  });

  it('a long list of words is not a name', () => {
    expect(parsed('costruzione di un fabbricato rurale in muratura').nameWords).toEqual([]);
    expect(parsed('a b c d e').nameWords.length).toBeLessThanOrEqual(MAX_NAME_WORDS);
  });

  it('empty and blank inputs ask for nothing', () => {
    expect(isEmptyArchiveQuery(parsed(''))).toBe(true);
    expect(isEmptyArchiveQuery(parsed('   ,;/ - '))).toBe(true);
    expect(isEmptyArchiveQuery(parsed('garage'))).toBe(false);
  });
});

describe('archive search box: any input', () => {
  const fragments = fc.constantFrom(
    'F.',
    'fg',
    'mapp',
    'sub',
    'part.',
    'sez.',
    'v.',
    'via',
    'p.zza',
    'c.so',
    'n.',
    'n°',
    'prot.',
    '/',
    ',',
    '-',
    'del',
    'dal',
    'al',
    '1978',
    '12',
    '345',
    '0',
    '99999999999',
    'Roma',
    'XX',
    'settembre',
    "d'",
    'à',
    '%',
    "'",
    '\\',
    '"',
    '\u0000',
    '😀',
    '\u202e',
  );
  const typed = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.array(fragments, { maxLength: 25 }).map((parts) => parts.join(' ')),
    fc.array(fragments, { maxLength: 25 }).map((parts) => parts.join('')),
  );

  it('never throws, and gives bounded, well-formed parts', () => {
    fc.assert(
      fc.property(typed, (input) => {
        const query = parseArchiveQuery(input);
        expect(query.words.length).toBeLessThanOrEqual(20);
        expect(query.nameWords.length).toBeLessThanOrEqual(MAX_NAME_WORDS);
        for (const parcel of query.parcels) {
          expect(parcel.foglio === null || Number.isInteger(parcel.foglio)).toBe(true);
          expect(parcel.foglio !== null || parcel.particella !== null).toBe(true);
        }
        for (const ref of [...query.numbers, ...query.protocolRefs]) expect(ref.year).toBeGreaterThanOrEqual(1860);
        if (query.years) expect(query.years.from).toBeLessThanOrEqual(query.years.to);
        for (const day of query.dates) expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts what is not a string at all (a bad request body) as an empty query', () => {
    expect(parseArchiveQuery(undefined)).toEqual(nothing);
    expect(parseArchiveQuery(42)).toEqual(nothing);
  });

  it('reads only the first 500 characters', () => {
    const query = parseArchiveQuery(`${'garage '.repeat(100)}123/1978`);
    expect(query.numbers).toEqual([]);
  });
});
