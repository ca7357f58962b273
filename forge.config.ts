/**
 * Electron Forge 8: Vite bundles (main, preload, renderer), fuses, makers, and the hook that ships
 * embedded PostgreSQL next to app.asar (see scripts/nativeModules.ts for why not inside it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerDeb } from '@electron-forge/maker-deb';
import type { MakerRpmConfig } from '@electron-forge/maker-rpm';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin, type VitePluginConfig } from '@electron-forge/plugin-vite';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { copyNativeModules } from './scripts/nativeModules';
import { SHIPPED_ASSETS } from './src/main/pdf/assets';

const projectDir = path.dirname(fileURLToPath(import.meta.url));

/** Also read by scripts/build-electron.mts, which builds exactly what Forge builds. */
export const vitePluginConfig: VitePluginConfig = {
  build: [
    { entry: 'src/main/electron/main.ts', config: 'vite.main.config.mts', target: 'main' },
    { entry: 'src/preload/preload.ts', config: 'vite.preload.config.mts', target: 'preload' },
  ],
  renderer: [{ name: 'main_window', config: 'vite.renderer.config.mts' }],
};

/** `assets/icon.{ico,icns,png}`: packager picks the extension per platform. */
const iconBase = path.join(projectDir, 'assets', 'icon');
const linuxIcon = fs.existsSync(`${iconBase}.png`) ? `${iconBase}.png` : undefined;

const linuxPackageOptions = {
  name: 'scrivania',
  productName: 'Scrivania',
  genericName: 'Back office comunale',
  bin: 'scrivania',
  categories: ['Office' as const],
  ...(linuxIcon ? { icon: linuxIcon } : {}),
};

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Scrivania',
    executableName: 'scrivania',
    icon: iconBase,
    // Everything bundled lives in .vite/ inside app.asar; the embedded PostgreSQL packages are
    // shipped beside it in resources/node_modules by the hook below (they must stay real files).
    asar: true,
    // Fonts and coat of arms embedded in PDFs: beside app.asar in resources/ (src/main/pdf/assets.ts finds them there).
    extraResource: SHIPPED_ASSETS.map((asset) => path.join(projectDir, asset)),
    appCategoryType: 'public.app-category.business',
    win32metadata: { CompanyName: 'Scrivania', ProductName: 'Scrivania', FileDescription: 'Scrivania' },
  },
  rebuildConfig: {},
  hooks: {
    packageAfterCopy: async (_forgeConfig, buildPath, _electronVersion, platform, arch) => {
      // buildPath is `<resources>/app` (packed to app.asar afterwards).
      const shipped = await copyNativeModules({ projectDir, resourcesDir: path.dirname(buildPath), platform, arch });
      console.log(`Shipped ${shipped.length} packages for embedded PostgreSQL (${platform}-${arch}) in resources/node_modules`);
    },
  },
  makers: [
    new MakerSquirrel({ name: 'scrivania', authors: 'Scrivania', description: 'Scrivania: il back office del Comune' }),
    new MakerZIP({}, ['darwin', 'linux', 'win32']),
    new MakerDeb({ options: { ...linuxPackageOptions, section: 'misc' } }),
    // Only 8.0.0-alpha.10 of maker-rpm is published for Forge 8: referenced by name so its nested
    // (alpha) maker-base types do not clash with 8.0.x's.
    {
      name: '@electron-forge/maker-rpm',
      config: { options: { ...linuxPackageOptions, license: 'UNLICENSED' } } satisfies MakerRpmConfig,
    },
  ],
  plugins: [
    new VitePlugin(vitePluginConfig),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
