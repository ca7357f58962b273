/**
 * Where the files PDFs embed live: the fonts (assets/fonts) and the ente's coat of arms
 * (assets/stemma.svg). Three layouts, one resolver:
 * - development and browser mode (tsx from the repository): `<project>/assets`;
 * - the Electron bundle run from the repository (.vite/build/main.cjs): the same folder, two levels up;
 * - the packaged app: Forge copies `assets/fonts` and `assets/stemma.svg` as extra resources, so they
 *   sit directly in `process.resourcesPath` (forge.config.ts, `packagerConfig.extraResource`).
 * `SCRIVANIA_ASSETS_DIR` overrides all of them.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FONT_FILES = {
  normal: 'TitilliumWeb-Regular.ttf',
  bold: 'TitilliumWeb-Bold.ttf',
  italics: 'TitilliumWeb-Italic.ttf',
  bolditalics: 'TitilliumWeb-BoldItalic.ttf',
} as const;
export const SEMIBOLD_FONT_FILE = 'TitilliumWeb-SemiBold.ttf';
export const COAT_OF_ARMS_FILE = 'stemma.svg';

/** The folders Forge ships as extra resources (relative to the project): keep in step with forge.config.ts. */
export const SHIPPED_ASSETS = ['assets/fonts', `assets/${COAT_OF_ARMS_FILE}`] as const;

export interface PdfAssets {
  fontsDir: string;
  coatOfArms: string;
}

/** An assets folder holds fonts/<regular font> and the coat of arms. */
function assetsIn(dir: string, exists: (file: string) => boolean): PdfAssets | null {
  const fontsDir = path.join(dir, 'fonts');
  const coatOfArms = path.join(dir, COAT_OF_ARMS_FILE);
  return exists(path.join(fontsDir, FONT_FILES.normal)) && exists(coatOfArms) ? { fontsDir, coatOfArms } : null;
}

function ancestors(start: string): string[] {
  const found: string[] = [];
  let current = path.resolve(start);
  for (;;) {
    found.push(current);
    const parent = path.dirname(current);
    if (parent === current) return found;
    current = parent;
  }
}

export interface AssetSearch {
  env: NodeJS.ProcessEnv;
  /** Electron's `process.resourcesPath` (undefined outside Electron). */
  resourcesPath: string | undefined;
  /** Folders to search upwards from for an `assets` folder (the module's, the entry script's, the working directory). */
  startDirs: string[];
  exists(file: string): boolean;
}

/** Pure search over the candidates, first match wins; null when none holds the files. */
export function findPdfAssets(search: AssetSearch): PdfAssets | null {
  const override = search.env.SCRIVANIA_ASSETS_DIR;
  if (override) return assetsIn(override, search.exists);
  if (search.resourcesPath) {
    const packaged = assetsIn(search.resourcesPath, search.exists);
    if (packaged) return packaged;
  }
  for (const start of search.startDirs) {
    for (const dir of ancestors(start)) {
      const found = assetsIn(path.join(dir, 'assets'), search.exists);
      if (found) return found;
    }
  }
  return null;
}

let cached: PdfAssets | null = null;

/** The assets of this process; throws a clear error when the installation lacks them. */
export function pdfAssets(): PdfAssets {
  if (cached) return cached;
  const startDirs = [
    typeof __dirname === 'string' ? __dirname : null,
    process.argv[1] ? path.dirname(process.argv[1]) : null,
    process.cwd(),
  ];
  const found = findPdfAssets({
    env: process.env,
    resourcesPath: (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath,
    startDirs: startDirs.filter((dir): dir is string => dir !== null),
    exists: (file) => fs.existsSync(file),
  });
  if (!found) throw new Error('PDF fonts and coat of arms not found: the installation is incomplete (assets/fonts, assets/stemma.svg)');
  cached = found;
  return found;
}
