import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../../scripts/write-schema';

describe('the published JSON Schema', () => {
  it('is the one generated from the zod schema (run `npm run schema` after changing the format)', () => {
    const published = JSON.parse(readFileSync('public/schema/graph.v2.json', 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(jsonSchema())));
  });
});
