/**
 * A small tagged template for composing SQL with bound values: `sql\`... ${value} ...\`` binds
 * `value`; a nested fragment is spliced in with its own bindings. The dashboard's predicates are
 * fragments, written once and used both to count and to list the cases behind a count.
 */
import type { Knex } from 'knex';

export class Sql {
  constructor(
    readonly text: string,
    readonly bindings: readonly unknown[],
  ) {}

  async rows<T>(db: Knex | Knex.Transaction): Promise<T[]> {
    const result = (await db.raw(this.text, this.bindings as Knex.RawBinding[])) as { rows: T[] };
    return result.rows;
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0] ?? '';
  const bindings: unknown[] = [];
  values.forEach((value, index) => {
    if (value instanceof Sql) {
      text += value.text;
      bindings.push(...value.bindings);
    } else {
      text += '?';
      bindings.push(value);
    }
    text += strings[index + 1] ?? '';
  });
  return new Sql(text, bindings);
}

/** Joins fragments with a separator (e.g. ' AND ', ', '). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return new Sql(
    parts.map((part) => part.text).join(separator),
    parts.flatMap((part) => part.bindings),
  );
}

/** A fragment with no bindings, for trusted SQL text (column lists, fixed predicates). */
export function rawSql(text: string): Sql {
  return new Sql(text, []);
}
