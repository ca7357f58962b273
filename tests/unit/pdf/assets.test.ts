import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COAT_OF_ARMS_FILE, FONT_FILES, findPdfAssets, pdfAssets, SHIPPED_ASSETS } from '../../../src/main/pdf/assets';

/** A fake file system holding exactly `files`. */
const holding = (...files: string[]) => {
  const set = new Set(files.map((f) => path.resolve(f)));
  return (file: string) => set.has(path.resolve(file));
};

describe('PDF assets: one resolver for development, the Electron bundle and the packaged app', () => {
  const project = '/home/dev/scrivania';
  const inProject = holding(`${project}/assets/fonts/${FONT_FILES.normal}`, `${project}/assets/${COAT_OF_ARMS_FILE}`);

  it('development and browser mode: finds <project>/assets from the module folder', () => {
    expect(findPdfAssets({ env: {}, resourcesPath: undefined, startDirs: [`${project}/src/main/pdf`], exists: inProject })).toEqual({
      fontsDir: `${project}/assets/fonts`,
      coatOfArms: `${project}/assets/${COAT_OF_ARMS_FILE}`,
    });
  });

  it('the Electron bundle run from the repository (.vite/build/main.cjs): two levels up', () => {
    const electronDev = { env: {}, resourcesPath: '/usr/lib/electron/resources', startDirs: [`${project}/.vite/build`], exists: inProject };
    expect(findPdfAssets(electronDev)?.fontsDir).toBe(`${project}/assets/fonts`);
  });

  it('the packaged app: Forge extra resources sit in process.resourcesPath', () => {
    const resources = '/opt/Scrivania/resources';
    const exists = holding(`${resources}/fonts/${FONT_FILES.normal}`, `${resources}/${COAT_OF_ARMS_FILE}`);
    expect(findPdfAssets({ env: {}, resourcesPath: resources, startDirs: ['/'], exists })).toEqual({
      fontsDir: `${resources}/fonts`,
      coatOfArms: `${resources}/${COAT_OF_ARMS_FILE}`,
    });
  });

  it('SCRIVANIA_ASSETS_DIR wins; nothing found is null, not a guess', () => {
    const exists = holding(`/srv/assets/fonts/${FONT_FILES.normal}`, `/srv/assets/${COAT_OF_ARMS_FILE}`);
    expect(findPdfAssets({ env: { SCRIVANIA_ASSETS_DIR: '/srv/assets' }, resourcesPath: undefined, startDirs: [], exists })?.fontsDir).toBe(
      '/srv/assets/fonts',
    );
    expect(findPdfAssets({ env: {}, resourcesPath: undefined, startDirs: ['/tmp'], exists: () => false })).toBeNull();
  });

  it('the repository ships every font with its licence, the coat of arms, and Forge packages them', () => {
    const { fontsDir, coatOfArms } = pdfAssets();
    for (const file of Object.values(FONT_FILES)) expect(fs.statSync(path.join(fontsDir, file)).size).toBeGreaterThan(10_000);
    expect(fs.readFileSync(path.join(fontsDir, 'OFL.txt'), 'utf8')).toContain('SIL Open Font License');
    expect(fs.readFileSync(coatOfArms, 'utf8')).toMatch(/SEGNAPOSTO[\s\S]*<svg/);
    const forge = fs.readFileSync(path.resolve('forge.config.ts'), 'utf8');
    expect(forge).toMatch(/extraResource: SHIPPED_ASSETS/);
    for (const asset of SHIPPED_ASSETS) expect(fs.existsSync(path.resolve(asset))).toBe(true);
  });
});
