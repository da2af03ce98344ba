import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { F32_MODULE, F32_SHARED_MODULE, F64_SHARED_MODULE, GENERATED, compileKernels, generatedModule } from '../../scripts/build-wasm';
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

  for (const module of [F64_SHARED_MODULE, F32_SHARED_MODULE]) {
    it(`have a threaded build of ${module.source.split('/').pop()} that imports a shared memory and keeps no scratch of its own`, async () => {
      const bytes = await compileKernels(module.source, module.flags);
      expect(readFileSync(module.generated, 'utf8')).toBe(generatedModule(bytes, module));
      const compiled = new WebAssembly.Module(new Uint8Array(bytes));
      expect(WebAssembly.Module.imports(compiled)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      // Helper threads instantiate it on the memory the evaluating thread fills: a data segment
      // would be written again by every instantiation, over whatever lies there.
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 8192, shared: true });
      new Uint8Array(memory.buffer).fill(7);
      new WebAssembly.Instance(compiled, { env: { memory } });
      expect(new Uint8Array(memory.buffer).every((b) => b === 7)).toBe(true);
    }, 60_000);
  }

  it('give null, not an exception, for bytes this engine does not accept (the plain-JS kernels then run)', () => {
    // A function that promises a v128 and returns nothing: well-formed, but it does not validate.
    const invalid = Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 0x7b, 3, 2, 1, 0, 10, 4, 1, 2, 0, 11);
    expect(instantiate(invalid)).toBeNull();
  });
});
