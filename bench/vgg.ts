import { readFileSync } from 'node:fs';
import { compile } from '../src/graph/compile';
import { evaluate } from '../src/graph/evaluate';
import { parseDocument } from '../src/graph/load';
import type { GraphDocument } from '../src/graph/schema';
import { sizeOf } from '../src/tensor/tensor';
import type { Report } from './util';

const EXAMPLE = 'public/examples/p9-vgg-shapes.json';
const SIDE = 224;

/** The P9 example with its image at 3 × 224 × 224, filled uniformly in [-1, 1) so every ReLU passes about half its inputs. */
function vggDocument(): GraphDocument {
  const loaded = parseDocument(readFileSync(EXAMPLE, 'utf8'));
  if (!loaded.ok) throw new Error(`${EXAMPLE} does not load: ${loaded.issues.map((i) => i.message).join('; ')}`);
  const { doc } = loaded;
  const image = doc.nodes.find((nd) => nd.op === 'input');
  if (!image) throw new Error(`${EXAMPLE} has no input node`);
  return { ...doc, nodes: doc.nodes.map((nd) => (nd === image ? { ...nd, value: { shape: [3, SIDE, SIDE], init: 'uniform' } } : nd)) };
}

/**
 * The P9 example's whole network (four conv-ReLU-pool stages of VGG, 3→64→128→256→512 channels),
 * one image at 224 × 224, compiled and evaluated forward and backward by the engine exactly as the
 * editor and `eval` do. Run once: it takes seconds to tens of seconds. FLOPs are the engine's cost
 * model, 2·MACs for the forward pass and as much again for each of dX and dW, so 6·MACs in all.
 */
export function runVggBench(report: Report, suffix = '', threads = 1): void {
  const doc = vggDocument();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const plan = compile(doc);
  const t1 = performance.now();
  const ev = evaluate(plan);
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const macs = plan.costs.reduce((s, c) => s + (c?.macs ?? 0), 0);
  const problems = plan.ids.flatMap((id, k) => (ev.problem(k) ? [id] : []));
  if (ev.output === undefined || problems.length) throw new Error(`vgg16: no output; problems at ${problems.join(', ')}`);
  const out = plan.shapes[plan.output];
  report({
    name: `vgg16 fwd+bwd${suffix}`,
    threads,
    ours_ms: t2 - t0,
    compile_ms: t1 - t0,
    evaluate_ms: t2 - t1,
    // CPU time of this process: on a shared machine the wall time also counts other programs' turns.
    cpu_ms: (cpu.user + cpu.system) / 1000,
    runs: 1,
    note: 'one run, not best of several: a VGG pass takes seconds',
    image: `3×${SIDE}×${SIDE}`,
    output_elements: out ? sizeOf(out) : 0,
    gmacs: macs / 1e9,
    gflops: (6 * macs) / ((t2 - t0) * 1e6),
  });
}
