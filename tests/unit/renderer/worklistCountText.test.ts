import { describe, expect, it } from 'vitest';
import { WORKLIST_COUNT_LIMIT } from '../../../src/shared/api/instances';
import { createFormatters } from '../../../src/renderer/i18n/format';
import { createTranslator } from '../../../src/renderer/i18n/translate';
import { worklistCountText } from '../../../src/renderer/worklist/countText';

describe('the worklist count line', () => {
  const italian = [createTranslator('it'), createFormatters('it')] as const;
  const english = [createTranslator('en'), createFormatters('en')] as const;

  it('says "più di 10.000 pratiche" when the server stopped counting', () => {
    expect(worklistCountText(WORKLIST_COUNT_LIMIT, true, ...italian)).toBe('più di 10.000 pratiche');
    expect(worklistCountText(WORKLIST_COUNT_LIMIT, true, ...english)).toBe('more than 10,000 cases');
  });

  it('gives an exact total as it is, up to the limit itself', () => {
    expect(worklistCountText(WORKLIST_COUNT_LIMIT, false, ...italian)).toBe('10.000 pratiche');
    expect(worklistCountText(1234, false, ...italian)).toBe('1.234 pratiche');
    expect(worklistCountText(1, false, ...italian)).toBe('1 pratica');
    expect(worklistCountText(0, false, ...italian)).toBe('0 pratiche');
  });

  it('says it is counting until the first block answers', () => {
    expect(worklistCountText(null, false, ...italian)).toBe('Conteggio in corso…');
  });
});
