import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { F32_MODULE, GENERATED, compileKernels, generatedModule } from '../../scripts/build-wasm';
import { SYNC_COMPILE_LIMIT, instantiate } from '../../src/ops/tensor/wasm/runtime';

describe('the committed WebAssembly kernels', () => {
  it('are what kernels.as compiles to today (run `npm run wasm` after editing it)', async () => {
    const bytes = await compileKernels();
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.length).toBeLessThan(SYNC_COMPILE_LIMIT);
    expect(readFileSync(GENERATED, 'utf8')).toBe(generatedModule(bytes));
  }, 60_000);

  it('include the float32 GEMM as a second module, also under the synchronous-compile limit', async () => {
    const bytes = await compileKernels(F32_MODULE.source);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.length).toBeLessThan(SYNC_COMPILE_LIMIT);
    expect(readFileSync(F32_MODULE.generated, 'utf8')).toBe(generatedModule(bytes, F32_MODULE));
  }, 60_000);

  it('give null, not an exception, for bytes this engine does not accept (the plain-JS kernels then run)', () => {
    // A function that promises a v128 and returns nothing: well-formed, but it does not validate.
    const invalid = Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 0x7b, 3, 2, 1, 0, 10, 4, 1, 2, 0, 11);
    expect(instantiate(invalid)).toBeNull();
  });
});
