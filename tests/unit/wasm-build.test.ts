import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, compileKernels, generatedModule } from '../../scripts/build-wasm';

describe('the committed WebAssembly kernels', () => {
  it('are what kernels.as compiles to today (run `npm run wasm` after editing it)', async () => {
    const bytes = await compileKernels();
    expect(bytes.length).toBeGreaterThan(1000);
    expect(readFileSync(GENERATED, 'utf8')).toBe(generatedModule(bytes));
  }, 60_000);
});
