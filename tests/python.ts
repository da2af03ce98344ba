/** Running generated Python on the real interpreter: CI installs Debian's python3-torch for /usr/bin/python3. */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const PYTHON = '/usr/bin/python3';
const TIMEOUT_MS = 120_000;

export interface Run {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs script files (relative to `dir`) in one python3 that imports torch once, each by runpy as
 * `__main__`: what each printed (stdout and stderr together) and its exit status, a raised
 * exception counting as 1 with its traceback. Starting torch once per script cost a second each.
 */
export function runScripts(dir: string, files: readonly string[]): Promise<Run[]> {
  writeFileSync(join(dir, 'runner.py'), RUNNER);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['runner.py', ...files], { cwd: dir, timeout: TIMEOUT_MS, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      if (status !== 0) reject(new Error(`the python runner failed (${signal ?? status}): ${stderr}`));
      else resolve((JSON.parse(stdout) as { code: number; out: string }[]).map((r) => ({ status: r.code, output: r.out })));
    });
  });
}

/** Runs one script file, by the same runner. */
export async function runPython(file: string): Promise<Run> {
  const [run] = await runScripts(dirname(file), [basename(file)]);
  return run;
}

const RUNNER = String.raw`import contextlib, io, json, runpy, sys, traceback
import torch
results = []
for path in sys.argv[1:]:
    out, code = io.StringIO(), 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            runpy.run_path(path, run_name='__main__')
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
    results.append({'code': code, 'out': out.getvalue()})
sys.stdout.write(json.dumps(results))
`;

/** Why the scripts cannot run on PyTorch here, or '' when they can; a test reports it rather than skipping. */
export function torchMissing(): string {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (probe.status === 0) return '';
  return (
    `${PYTHON} cannot import torch, so the PyTorch exports cannot be checked: CI must install python3-torch ` +
    `(apt-get install python3-torch). ${probe.error?.message ?? probe.stderr}`
  );
}
