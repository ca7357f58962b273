import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../migrations';

describe('the static migration list', () => {
  it('lists every file of migrations/ exactly once, in timestamp order', () => {
    const files = fs
      .readdirSync(path.resolve(__dirname, '../../../migrations'))
      .filter((file) => /^\d{14}_.+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(MIGRATIONS.map(([name]) => name)).toEqual(files);
  });
});
