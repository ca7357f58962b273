/**
 * Fonts parsed once per process instead of once per PDF. pdfmake opens each font file for every
 * document it renders: pdfkit reads the TTF, fontkit parses it, and every word is shaped again
 * (OpenType substitutions and kerning), which for a one-page certificate is most of its CPU time.
 *
 * Here pdfmake's document class gets its first use of each font file embedded from the font
 * parsed by an earlier document, with the earlier documents' cache of shaped words. Only the
 * parsed font and the shaped words are shared: each document still embeds its own subset of the
 * glyphs it uses (pdfkit builds the subset per document), so the bytes are those of a first render.
 *
 * It relies on pdfkit 0.x internals (`_fontFamilies`, `_fontCount`, the EmbeddedFont constructor);
 * the PDF unit tests render documents one after another to catch a pdfkit that changed them. When
 * the class is not the expected shape nothing is patched, and fonts are simply parsed per document.
 */

/** A font as pdfkit embeds it in one document. */
interface EmbeddedFontLike {
  font: object;
  name?: string;
  layoutCache?: Record<string, unknown>;
}

interface PdfKitDocumentLike {
  _font: EmbeddedFontLike | null;
  _fontFamilies: Record<string, EmbeddedFontLike>;
  _registeredFonts: Record<string, unknown>;
  _fontCount: number;
  _fontSource: unknown;
  _fontFamily: unknown;
  fontSize(size: number): unknown;
  font(src: unknown, family?: unknown, size?: unknown): unknown;
}

type EmbeddedFontClass = new (document: PdfKitDocumentLike, font: object, id: string) => EmbeddedFontLike;

interface ParsedFont {
  EmbeddedFont: EmbeddedFontClass;
  font: object;
  layoutCache: Record<string, unknown>;
  /** Documents that reused it: the cache's size is looked at every hundred. */
  uses: number;
}

/** Shaped words kept per font before the cache starts afresh (names and addresses keep adding some). */
const MAX_CACHED_WORDS = 50_000;

const patched = new WeakSet<object>();

/** Patches pdfmake's document class (its default export) so fonts are parsed once per process. */
export function reuseParsedFonts(pdfmakeDocumentClass: { prototype: object }): void {
  const prototype = pdfmakeDocumentClass.prototype as PdfKitDocumentLike;
  const original = prototype.font as PdfKitDocumentLike['font'] | undefined;
  if (typeof original !== 'function' || patched.has(prototype)) return;
  patched.add(prototype);
  const parsed = new Map<string, ParsedFont>();

  prototype.font = function font(this: PdfKitDocumentLike, src: unknown, family?: unknown, size?: unknown) {
    const reusable = typeof src === 'string' && family === undefined && !this._registeredFonts[src] && !this._fontFamilies[src];
    const known = reusable ? parsed.get(src) : undefined;
    if (!reusable || !known) {
      const result = original.call(this, src, family, size);
      const embedded = this._font;
      if (reusable && embedded && typeof embedded.font === 'object' && embedded.layoutCache) {
        parsed.set(src, {
          EmbeddedFont: embedded.constructor as EmbeddedFontClass,
          font: embedded.font,
          layoutCache: embedded.layoutCache,
          uses: 0,
        });
      }
      return result;
    }
    // What pdfkit's font() does for a file seen for the first time in this document, with the
    // font already parsed.
    this._fontSource = src;
    this._fontFamily = undefined;
    if (typeof size === 'number') this.fontSize(size);
    const embedded = new known.EmbeddedFont(this, known.font, `F${++this._fontCount}`);
    known.uses += 1;
    if (known.uses % 100 === 0 && Object.keys(known.layoutCache).length > MAX_CACHED_WORDS) {
      known.layoutCache = Object.create(null) as Record<string, unknown>;
    }
    embedded.layoutCache = known.layoutCache;
    this._font = embedded;
    this._fontFamilies[src] = embedded;
    if (embedded.name && !this._fontFamilies[embedded.name]) this._fontFamilies[embedded.name] = embedded;
    return this;
  };
}
