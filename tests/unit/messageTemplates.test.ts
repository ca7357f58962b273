import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../src/main/mail/defaultTemplates';
import {
  CASE_PLACEHOLDERS,
  MESSAGE_TEMPLATE_CODES,
  STEP_PLACEHOLDERS,
  TEMPLATE_PLACEHOLDERS,
  caseValues,
  checkTemplate,
  decisionTemplateCode,
  formatItalianDate,
  placeholdersOf,
  renderTemplate,
  type MessageTemplateCode,
  type TemplateValues,
} from '../../src/shared/domain/messageTemplates';

const CASE: TemplateValues = caseValues({
  enteName: 'Comune di Montesereno',
  officeName: 'Sportello unico edilizia',
  protocolYear: 2026,
  protocolNumber: 42,
  receivedAt: '2026-03-01T23:30:00Z',
  applicantName: 'Rossi Mario',
  subject: 'Ampliamento di fabbricato residenziale',
  procedureName: 'Permesso di costruire',
  assigneeName: 'Stefano Moretti',
  dueDate: '2026-05-04',
});

const STEP: TemplateValues = {
  termine: '10/04/2026',
  documenti: '- relazione tecnica asseverata',
  motivazione: 'distanze dai confini non rispettate',
  prescrizioni: '- deposito del progetto strutturale',
};

function render(code: MessageTemplateCode, values: TemplateValues = { ...CASE, ...STEP }) {
  const result = renderTemplate(DEFAULT_TEMPLATES[code], values);
  if (!result.ok) throw new Error(`${code}: ${JSON.stringify(result.problems)}`);
  return result.message;
}

describe('template rendering', () => {
  it('fills named placeholders, spaces inside the braces allowed', () => {
    expect(
      renderTemplate(
        { subject: 'Prot. {{ protocollo }}', body: 'Gentile {{richiedente}},\n{{motivazione}}' },
        { protocollo: '0000042/2026', richiedente: 'Rossi Mario', motivazione: 'a\nb' },
      ),
    ).toEqual({
      ok: true,
      message: { subject: 'Prot. 0000042/2026', body: 'Gentile Rossi Mario,\na\nb' },
    });
  });

  it('refuses an unknown placeholder instead of sending it as written', () => {
    const result = renderTemplate(
      { subject: 'Scadenza {{scadenza}}', body: '{{Richiedente}} {{termine}}' },
      { termine: '1/1/2026', richiedente: 'x' },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { kind: 'unknown', part: 'subject', placeholder: 'scadenza' },
        { kind: 'unknown', part: 'body', placeholder: 'Richiedente' },
      ],
    });
  });

  it('refuses a known placeholder without a value, a blank value included, naming each once', () => {
    const result = renderTemplate(
      { subject: '{{protocollo}}', body: '{{termine}} {{motivazione}} {{termine}}' },
      { protocollo: '1', motivazione: '   ' },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { kind: 'missing', part: 'body', placeholder: 'termine' },
        { kind: 'missing', part: 'body', placeholder: 'motivazione' },
      ],
    });
  });

  it('refuses stray braces such as a placeholder closed with one brace', () => {
    const result = renderTemplate({ subject: 'Oggetto', body: 'Entro il {{termine} rispondere' }, { termine: 'x' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([{ kind: 'malformed', part: 'body', placeholder: 'Entro il {{termine} r' }]);
  });

  it('keeps the subject on one line whatever the values contain', () => {
    const result = renderTemplate({ subject: 'Esito: {{oggetto}}', body: 'x' }, { oggetto: 'Ampliamento\r\n  di fabbricato' });
    expect(result.ok && result.message.subject).toBe('Esito: Ampliamento di fabbricato');
  });

  it('inserts values literally: a value that looks like a placeholder is not expanded again', () => {
    const result = renderTemplate({ subject: 'S', body: 'Motivi: {{motivazione}}' }, { motivazione: 'vedi {{termine}}', termine: 'MAI' });
    expect(result.ok && result.message.body).toBe('Motivi: vedi {{termine}}');
  });

  it('lists the placeholders a text uses, in order', () => {
    expect(placeholdersOf('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });

  it('never leaves a placeholder in the output when every value is given (property)', () => {
    const value = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0 && !/[{}]/.test(s));
    const values = fc.record(
      Object.fromEntries(TEMPLATE_PLACEHOLDERS.map((name) => [name, value])) as Record<string, fc.Arbitrary<string>>,
    );
    fc.assert(
      fc.property(fc.constantFrom(...MESSAGE_TEMPLATE_CODES), values, (code, given) => {
        const message = render(code, given as TemplateValues);
        expect(message.subject).not.toMatch(/\{\{|\}\}|[\r\n]/);
        expect(message.body).not.toMatch(/\{\{|\}\}/);
      }),
    );
  });
});

describe('the values a case provides', () => {
  it('formats the protocol number with seven digits and dates the Italian way, in Europe/Rome', () => {
    expect(CASE).toMatchObject({
      protocollo: '0000042/2026',
      // 23:30 UTC on 1 March is already 2 March in Rome.
      data_presentazione: '02/03/2026',
      data_conclusione: '04/05/2026',
      responsabile: 'Stefano Moretti',
    });
    expect(formatItalianDate('2026-12-31')).toBe('31/12/2026');
  });

  it('has no responsabile when nobody holds the case, so a template naming one must be given it', () => {
    const unassigned = caseValues({
      ...{
        enteName: 'E',
        officeName: 'U',
        protocolYear: 2026,
        protocolNumber: 1,
        receivedAt: '2026-01-02',
        applicantName: 'A',
        subject: 'S',
        procedureName: 'P',
        dueDate: '2026-02-01',
      },
      assigneeName: null,
    });
    expect(unassigned).not.toHaveProperty('responsabile');
  });
});

describe('the default templates', () => {
  it('use only known, well-formed placeholders', () => {
    for (const code of MESSAGE_TEMPLATE_CODES) expect(checkTemplate(DEFAULT_TEMPLATES[code]), code).toEqual([]);
  });

  it('ask the sending step exactly for what the case cannot know', () => {
    const required = (code: MessageTemplateCode) => {
      const result = renderTemplate(DEFAULT_TEMPLATES[code], CASE);
      return result.ok ? [] : result.problems.map((p) => `${p.kind}:${p.placeholder}`);
    };
    expect(required('procedure_started')).toEqual([]);
    expect(required('integration_request')).toEqual(['missing:documenti', 'missing:termine']);
    expect(required('preavviso_rigetto')).toEqual(['missing:motivazione']);
    expect(required('scia_conformation')).toEqual(['missing:motivazione', 'missing:prescrizioni', 'missing:termine']);
    expect(required('decision_accepted')).toEqual([]);
    expect(required('decision_partially_accepted')).toEqual(['missing:motivazione']);
    expect(required('decision_rejected')).toEqual(['missing:motivazione']);
    // Every step placeholder is used by some template, every case placeholder too.
    const used = new Set(
      MESSAGE_TEMPLATE_CODES.flatMap((code) => placeholdersOf(DEFAULT_TEMPLATES[code].body + DEFAULT_TEMPLATES[code].subject)),
    );
    expect([...CASE_PLACEHOLDERS, ...STEP_PLACEHOLDERS].filter((name) => !used.has(name))).toEqual([]);
  });

  it('communication of the start of the procedure, artt. 7-8 L. 241/1990: RUP, office, term and remedies against inertia', () => {
    const { subject, body } = render('procedure_started');
    expect(subject).toBe('Avvio del procedimento – prot. n. 0000042/2026');
    expect(body).toContain('artt. 7 e 8 della Legge 7 agosto 1990, n. 241');
    expect(body).toContain('il responsabile del procedimento è Stefano Moretti');
    expect(body).toContain("l'ufficio competente, presso il quale è possibile prendere visione degli atti, è Sportello unico edilizia");
    expect(body).toContain('deve concludersi entro il 04/05/2026');
    expect(body).toContain("la data di presentazione dell'istanza è il 02/03/2026");
    expect(body).toContain('potere sostitutivo');
    expect(body).toContain('art. 2, comma 9-bis');
    expect(body).toContain('artt. 31 e 117 del D.Lgs. 2 luglio 2010, n. 104');
  });

  it('request for integration, art. 2 c.7 L. 241/1990: documents, deadline, one suspension of at most thirty days', () => {
    const { subject, body } = render('integration_request');
    expect(subject).toBe('Richiesta di integrazione documentale – prot. n. 0000042/2026');
    expect(body).toContain('art. 2, comma 7, della Legge 7 agosto 1990, n. 241');
    expect(body).toContain('- relazione tecnica asseverata');
    expect(body).toContain('entro e non oltre il 10/04/2026');
    expect(body).toContain('per una sola volta e per un periodo non superiore a trenta giorni');
  });

  it('preavviso di rigetto, art. 10-bis L. 241/1990: reasons and ten days for written observations', () => {
    const { body } = render('preavviso_rigetto');
    expect(body).toContain('art. 10-bis della Legge 7 agosto 1990, n. 241');
    expect(body).toContain('distanze dai confini non rispettate');
    expect(body).toContain('Entro il termine di dieci giorni dal ricevimento della presente comunicazione');
    expect(body).toContain('per iscritto');
  });

  it('SCIA conformation, art. 19 c.3 L. 241/1990: measures, a term, and the interruption of the term', () => {
    const { body } = render('scia_conformation');
    expect(body).toContain('art. 19, comma 3, della Legge 7 agosto 1990, n. 241');
    expect(body).toContain('- deposito del progetto strutturale');
    expect(body).toContain('entro e non oltre il 10/04/2026');
    expect(body).toContain("l'attività si intende vietata");
    expect(body).toContain('interrompe il termine');
  });

  it('final decision (accepted, partially accepted, rejected), art. 3 c.4 L. 241/1990: TAR within 60 days, ricorso straordinario within 120', () => {
    expect(decisionTemplateCode('accepted')).toBe('decision_accepted');
    expect(decisionTemplateCode('partially_accepted')).toBe('decision_partially_accepted');
    expect(decisionTemplateCode('rejected')).toBe('decision_rejected');
    const accepted = render('decision_accepted');
    const partial = render('decision_partially_accepted');
    const rejected = render('decision_rejected');
    expect(accepted.subject).toBe('Esito del procedimento: istanza accolta – prot. n. 0000042/2026');
    expect(accepted.body).toContain("si è concluso con l'accoglimento dell'istanza.");
    expect(partial.body).toContain("si è concluso con l'accoglimento parziale dell'istanza.");
    expect(rejected.body).toContain("si è concluso con il rigetto dell'istanza.");
    expect(accepted.body).not.toContain('distanze dai confini');
    for (const { body } of [partial, rejected]) expect(body).toContain('distanze dai confini non rispettate');
    for (const { body } of [accepted, partial, rejected]) {
      expect(body).toContain('art. 3, comma 4, della Legge 7 agosto 1990, n. 241');
      expect(body).toContain('Tribunale Amministrativo Regionale competente entro sessanta giorni');
      expect(body).toContain('art. 29 del D.Lgs. 2 luglio 2010, n. 104');
      expect(body).toContain('ricorso straordinario al Presidente della Repubblica entro centoventi giorni');
      expect(body).toContain('art. 9 del D.P.R. 24 novembre 1971, n. 1199');
    }
  });
});
