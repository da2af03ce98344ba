// Bundles the benchmarks with esbuild before running them: TF.js registers its gradients only in
// its ES-module build, whose extensionless imports Node cannot load directly, and one bundle also
// guarantees a single TF.js engine shared by tfjs-core and its CPU backend.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const outfile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench.mjs');
await build({
  entryPoints: ['bench/run.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  outfile,
  logLevel: 'warning',
  // CommonJS names the bundled packages expect: TF.js's WebAssembly backend (Emscripten) reads __dirname in Node.
  banner: {
    js: [
      "import { createRequire as __cr } from 'node:module';",
      "import { fileURLToPath as __fu } from 'node:url';",
      'const require = __cr(import.meta.url);',
      'const __filename = __fu(import.meta.url);',
      "const __dirname = __fu(new URL('.', import.meta.url));",
    ].join(' '),
  },
});
await import(pathToFileURL(outfile).href);
