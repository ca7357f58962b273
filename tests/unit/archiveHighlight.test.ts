import { describe, expect, it } from 'vitest';
import { foldWord, fromMarkedText, highlightWords, HIT_END, HIT_START, wordMatches } from '../../src/shared/domain/archiveHighlight';

const marked = (text: ReturnType<typeof highlightWords>) => text.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('');

describe('highlighting of archive results', () => {
  it("reads the database's marked text into segments, unbalanced markers included", () => {
    expect(fromMarkedText(`Domanda di ${HIT_START}condono${HIT_END} per ${HIT_START}garage${HIT_END}`)).toEqual([
      { text: 'Domanda di ', hit: false },
      { text: 'condono', hit: true },
      { text: ' per ', hit: false },
      { text: 'garage', hit: true },
    ]);
    expect(fromMarkedText(`${HIT_START}aperto`)).toEqual([{ text: 'aperto', hit: true }]);
    expect(fromMarkedText('')).toEqual([]);
  });

  it('matches words regardless of case, accents and apostrophes, by prefix, and with one typo', () => {
    expect(foldWord("D'Angelo Niccolò")).toBe('dangeloniccolo');
    expect(wordMatches('Libertà', 'liberta')).toBe(true);
    expect(wordMatches('Rossi', 'rosi')).toBe(true);
    expect(wordMatches('Emanuele', 'emanule')).toBe(true);
    expect(wordMatches('Vittorio', 'vitt')).toBe(true);
    expect(wordMatches('Roma', 'rom')).toBe(false);
    expect(wordMatches('Russo', 'rosi')).toBe(false);
  });

  it('marks the matching words of a name or an address and nothing else', () => {
    expect(marked(highlightWords('Via Vittorio Emanuele III 12', ['vittorio', 'emanule', '12']))).toBe(
      'Via [Vittorio] [Emanuele] III [12]',
    );
    expect(marked(highlightWords('Rossetti Maria', ['rossi', 'mario']))).toBe('Rossetti [Maria]');
    expect(marked(highlightWords('Bianchi Luigi', []))).toBe('Bianchi Luigi');
  });
});
