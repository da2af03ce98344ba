import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { GraphDocumentSchema, VERSION } from '../src/graph/schema';

/** Writes the published JSON Schema, generated from the one zod schema the loader uses. */
export function jsonSchema(): unknown {
  return {
    $id: `https://backprop.studio/schema/graph.v${VERSION}.json`,
    title: 'Backprop Studio graph document',
    ...z.toJSONSchema(GraphDocumentSchema, { target: 'draft-2020-12', unrepresentable: 'any' }),
  };
}

if (process.argv[1]?.endsWith('write-schema.ts')) {
  mkdirSync('public/schema', { recursive: true });
  writeFileSync(`public/schema/graph.v${VERSION}.json`, `${JSON.stringify(jsonSchema(), null, 2)}\n`);
  console.log(`wrote public/schema/graph.v${VERSION}.json`);
}
