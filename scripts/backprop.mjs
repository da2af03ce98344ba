// The `backprop` command line, started fast: src/cli bundled by esbuild into one file of our own
// code (packages stay in node_modules), rebuilt only when a source file is newer than the bundle.
// Running the TypeScript through tsx cost about a second of start-up on every call; the bundle
// starts in plain Node. A fresh clone builds it on first use (about a second), so the command
// needs no build step of its own.
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Two levels below the root, as src/cli is, so paths the CLI finds from its own file (public/data)
// resolve the same from the bundle; per checkout, never shared through a linked node_modules.
const bundle = join(root, '.cache', 'backprop-cli', 'backprop.mjs');

/** The newest modification time under `dir`, in milliseconds. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function builtAt() {
  try {
    return statSync(bundle).mtimeMs;
  } catch {
    return -1;
  }
}

if (builtAt() < newest(join(root, 'src'))) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundle), { recursive: true });
  // Written beside and renamed: two commands started at once never run a half-written bundle.
  const partial = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: partial,
    logLevel: 'warning',
  });
  renameSync(partial, bundle);
}

await import(pathToFileURL(bundle).href);
