import type { z } from 'zod';

/**
 * One channel of the API: the zod schema its input must satisfy and, as a phantom type, what it
 * returns. `public` channels may be called before sign-in (application info, sign-in itself).
 */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly public: boolean;
  /** Never set at run time: it only carries the output type. */
  readonly __output?: O;
}

export function channel<O>() {
  return <I extends z.ZodType>(input: I, options: { public?: boolean } = {}): ChannelSpec<I, O> => ({
    input,
    public: options.public ?? false,
  });
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

/**
 * Merges the channel groups of each capability into the one contract. A channel name declared twice
 * would silently shadow the first with an object spread, so it fails here, when the module loads.
 */
export function defineContract<G extends Record<string, ChannelSpec>[]>(...groups: G): UnionToIntersection<G[number]> {
  const merged: Record<string, ChannelSpec> = {};
  for (const group of groups) {
    for (const [name, spec] of Object.entries(group)) {
      if (Object.hasOwn(merged, name)) throw new Error(`Duplicate API channel: ${name}`);
      merged[name] = spec;
    }
  }
  return merged as UnionToIntersection<G[number]>;
}
