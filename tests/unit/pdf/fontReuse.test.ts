import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../../src/main/pdf/render';

function inspect(bytes: Buffer): { text: string; fonts: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fonts-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, bytes);
    return {
      text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }),
      fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('fonts parsed once per process and reused by later PDFs (src/main/pdf/fontReuse.ts)', () => {
  it('each PDF still embeds its own subset with every glyph it uses, whatever the documents before it used', async () => {
    const first = await renderPdf({ content: [{ text: 'Alfa beta', bold: true }, 'gamma delta'] });
    // Words and glyphs the first document never used, in both faces, some shaped by the first already.
    const second = await renderPdf({
      content: [{ text: 'Zuppa QUIZ àèìòù €', bold: true }, 'Kyoto 0123456789 Alfa beta gamma', { text: 'Alfa beta', bold: true }],
    });
    const third = await renderPdf({ content: 'gamma delta' });
    const one = inspect(first);
    const two = inspect(second);
    expect(one.text).toContain('Alfa beta');
    expect(two.text).toContain('Zuppa QUIZ àèìòù €');
    expect(two.text).toContain('Kyoto 0123456789 Alfa beta gamma');
    expect(inspect(third).text).toContain('gamma delta');
    for (const fonts of [one.fonts, two.fonts]) {
      expect(fonts).toMatch(/TitilliumWeb-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      expect(fonts).toMatch(/TitilliumWeb-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    }
    // The third document uses only the regular face: only that one is embedded.
    expect(inspect(third).fonts).not.toContain('Bold');
  });
});
