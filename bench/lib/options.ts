/**
 * Command-line options of the benchmarks that take only positive whole numbers
 * (`--submissions 10000 --importers 4`): each flag is a key of `defaults`.
 */
export function parseCountOptions<O extends Record<string, number>>(argv: readonly string[], defaults: O): O {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    const name = flag.slice(2);
    if (!flag.startsWith('--') || !Object.hasOwn(defaults, name)) throw new Error(`Unknown option ${flag}`);
    const value = Number(argv[i + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a positive whole number`);
    (options as Record<string, number>)[name] = value;
  }
  return options;
}
