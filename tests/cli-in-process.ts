import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/cli/cli';
import { tempDir } from './tmp';

/** Runs a CLI command in-process, collecting what it prints: cheaper than spawning a process. */
export function runInProcess(...argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runCli(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

/** Writes a graph document (format and version filled in) to a fresh temporary file. */
export function writeDoc(doc: object): string {
  const file = join(tempDir('backprop-doc-'), 'doc.json');
  writeFileSync(file, JSON.stringify({ format: 'backprop-studio.graph', version: 1, ...doc }));
  return file;
}
