/** Running generated Python on the real interpreter: CI installs Debian's python3-torch for /usr/bin/python3. */
import { spawn, spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';
export const TIMEOUT_MS = 120_000;

export interface Run {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a script file (one thread: tests run side by side on few cores), collecting stdout and stderr together. */
export function runPython(script: string, cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, [script], { cwd, timeout: TIMEOUT_MS, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve({ status: null, output: `${output}${e.message}` }));
    child.on('close', (status, signal) =>
      resolve({ status, output: signal ? `${output}killed by ${signal} (timeout ${TIMEOUT_MS} ms?)` : output }),
    );
  });
}

/** Why the scripts cannot run on PyTorch here, or '' when they can; a test reports it rather than skipping. */
export function torchMissing(): string {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (probe.status === 0) return '';
  return (
    `${PYTHON} cannot import torch, so the PyTorch exports cannot be checked: CI must install python3-torch ` +
    `(apt-get install python3-torch). ${probe.error?.message ?? probe.stderr}`
  );
}
