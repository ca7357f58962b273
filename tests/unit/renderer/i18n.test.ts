import { describe, expect, it as test } from 'vitest';
import { API_ERROR_CODES } from '../../../src/shared/api/errors';
import { en } from '../../../src/renderer/i18n/en';
import { errorMessage, fieldMessages, issueMessage } from '../../../src/renderer/i18n/errors';
import { it } from '../../../src/renderer/i18n/it';
import { createTranslator, interpolate, parseLanguage } from '../../../src/renderer/i18n/translate';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogues', () => {
  test('Italian and English have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(it).sort());
  });

  test('no message is empty or only blanks, in either language', () => {
    for (const [key, text] of [...Object.entries(it), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  test('each message uses the same placeholders in both languages', () => {
    for (const key of Object.keys(it) as (keyof typeof it)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(it[key]));
    }
  });

  test('every ApiError code has a message in both languages', () => {
    for (const code of API_ERROR_CODES) {
      expect(Object.hasOwn(it, `errors.${code}`), code).toBe(true);
      expect(Object.hasOwn(en, `errors.${code}`), code).toBe(true);
    }
  });

  test('the domain and validation reasons the server sends are translated', () => {
    const reasons = [
      'username_format',
      'password_too_short',
      'password_too_weak',
      'office_required',
      'username_taken',
      'admin_only',
      'disable_self',
      'staff_not_found',
      'page_size',
      'generic',
    ];
    for (const reason of reasons) expect(Object.hasOwn(it, `reason.${reason}`), reason).toBe(true);
  });
});

describe('translating errors', () => {
  const tIt = createTranslator('it');
  const tEn = createTranslator('en');

  test('sign-in errors read as the product owner wrote them', () => {
    expect(errorMessage({ code: 'wrong_credentials' }, tIt)).toBe('Nome utente o password non corretti.');
    expect(errorMessage({ code: 'account_disabled' }, tIt)).toBe(
      "Questo account è stato disattivato. Rivolgersi all'amministratore.",
    );
    expect(errorMessage({ code: 'unavailable' }, tIt)).toBe(
      'Il server del database non è raggiungibile. Riprovare tra poco: la connessione verrà ripristinata automaticamente.',
    );
    expect(errorMessage({ code: 'schema_behind' }, tIt)).toContain('npm run db:migrate');
    expect(errorMessage({ code: 'wrong_credentials' }, tEn)).toBe('Wrong username or password.');
  });

  test('a known reason wins over its code; an unknown reason falls back to the code', () => {
    expect(errorMessage({ code: 'conflict', reason: 'username_taken' }, tIt)).toContain('già in uso');
    expect(errorMessage({ code: 'validation', reason: 'disable_self' }, tIt)).toBe('Non è possibile disattivare il proprio account.');
    expect(errorMessage({ code: 'conflict', reason: 'some_new_constraint' }, tIt)).toBe(tIt('errors.conflict'));
  });

  test('reasons with a number get it filled in', () => {
    expect(issueMessage({ path: 'password', reason: 'password_too_short' }, tIt)).toBe(
      'La password deve contenere almeno 10 caratteri.',
    );
  });

  test('unknown reasons and zod codes still produce a sentence', () => {
    expect(issueMessage({ path: 'x', reason: 'not_a_known_reason' }, tIt)).toBe('Valore non valido.');
    expect(issueMessage({ path: 'fullName', reason: 'too_small' }, tIt)).toContain('almeno 3 caratteri');
    expect(issueMessage({ path: 'somethingElse', reason: 'too_small' }, tIt)).toBe('Valore troppo corto o troppo piccolo.');
  });

  test('field messages: one per field, the first issue wins, nested paths belong to their field', () => {
    const messages = fieldMessages(
      {
        code: 'validation',
        message: 'Invalid input',
        issues: [
          { path: 'officeIds.0', reason: 'too_small' },
          { path: 'password', reason: 'password_too_short' },
          { path: 'password', reason: 'password_too_weak' },
        ],
      },
      tIt,
    );
    expect(Object.keys(messages).sort()).toEqual(['officeIds', 'password']);
    expect(messages.password).toContain('almeno 10');
  });
});

describe('translator', () => {
  test('interpolates named placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Utente {username} creato', { username: 'mario.rossi' })).toBe('Utente mario.rossi creato');
    expect(interpolate('{a} e {b}', { a: 1 })).toBe('1 e {b}');
  });

  test('Italian is the default language; stored values are checked', () => {
    expect(parseLanguage(null)).toBe('it');
    expect(parseLanguage('en')).toBe('en');
    expect(parseLanguage('fr')).toBe('it');
  });
});
