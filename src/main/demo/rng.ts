/**
 * A small seeded pseudo-random generator (mulberry32) so that demo data is deterministic: the same
 * seed always gives the same Comune, people and instances. Not for anything security-related.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An element chosen with probability proportional to its weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
  /** A new generator seeded from this one: independent streams that stay deterministic. */
  fork(): Rng;
}

/** mulberry32: 32-bit state, full period 2^32, fast and good enough for test data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be a finite number, got ${seed}`);
  const next = mulberry32(Math.trunc(seed));
  const rng: Rng = {
    next,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`rng.int: invalid range [${min}, ${max}]`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(p) {
      return next() < p;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('rng.pick: empty array');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(items) {
      return weightedPicker(items)(rng);
    },
    fork() {
      return createRng(Math.floor(next() * 4294967296));
    },
  };
  return rng;
}

/**
 * A picker over fixed weights, prepared once (cumulative table + binary search) for hot loops
 * such as generating a million instances.
 */
export function weightedPicker<T>(items: ReadonlyArray<readonly [T, number]>): (rng: Rng) => T {
  if (items.length === 0) throw new RangeError('weightedPicker: no items');
  const values: T[] = [];
  const cumulative = new Float64Array(items.length);
  let total = 0;
  items.forEach(([value, weight], i) => {
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`weightedPicker: invalid weight ${weight}`);
    total += weight;
    cumulative[i] = total;
    values.push(value);
  });
  if (total <= 0) throw new RangeError('weightedPicker: weights sum to zero');
  return (rng) => {
    const target = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return values[lo] as T;
  };
}
