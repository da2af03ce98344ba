import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { compile } from '../src/graph/compile';
import { evaluate } from '../src/graph/evaluate';
import { buildTrace } from '../src/graph/trace';
import { runCompileBench } from './compile';
import { scalarDocument, scalarSpec, type ScalarSpec } from './scalar-graph';
import { timeBest, type Report } from './util';

/** The same graph on TF.js scalars: forward inside tf.grads, gradients of the output w.r.t. every input. */
function tfjsGradients(spec: ScalarSpec): number[] {
  const f = (...xs: tf.Tensor[]): tf.Scalar => {
    const v: tf.Tensor[] = [...xs];
    spec.ops.forEach((op, j) => {
      const prev = v[v.length - 1];
      const other = v[spec.other[j]];
      v.push(
        op === 'add'
          ? tf.add(prev, other)
          : op === 'mul'
            ? tf.mul(prev, other)
            : op === 'tanh'
              ? tf.tanh(prev)
              : op === 'exp'
                ? tf.exp(prev)
                : tf.square(prev),
      );
    });
    return v[v.length - 1] as tf.Scalar;
  };
  return tf
    .tidy(() => tf.grads(f)(Array.from(spec.values, (x) => tf.scalar(x, 'float32'))))
    .map((g) => {
      const x = g.dataSync()[0];
      g.dispose();
      return x;
    });
}

/** Forward + backward on generated scalar graphs, with and without the step trace, against TF.js CPU. */
export async function runScalarBench(report: Report): Promise<void> {
  await tf.setBackend('cpu');
  for (const n of [1000, 10000, 100000]) {
    const spec = scalarSpec(n);
    const doc = scalarDocument(spec);
    const t0 = performance.now();
    const plan = compile(doc);
    const compileMs = performance.now() - t0;
    const reps = n >= 100000 ? 10 : 40;
    let check = 0;
    const ours = timeBest(() => {
      check = evaluate(plan).grad(0) as number;
    }, reps);
    const traced = timeBest(() => {
      buildTrace(evaluate(plan));
    }, reps);
    const allSteps = timeBest(() => {
      buildTrace(evaluate(plan)).all();
    }, 3);
    const peerReps = n >= 100000 ? 1 : 3;
    let peerGrad = 0;
    const peer = timeBest(() => {
      peerGrad = tfjsGradients(spec)[0];
    }, peerReps);
    report({
      name: `scalar fwd+bwd ${n}`,
      ours_ms: ours,
      peer: 'tfjs-cpu',
      peer_ms: peer,
      ns_per_node: (ours * 1e6) / n,
      with_trace_ms: traced,
      with_trace_ns_per_node: (traced * 1e6) / n,
      all_step_objects_ms: allSteps,
      compile_ms: compileMs,
      peer_us_per_node: (peer * 1e3) / n,
      agree: Math.abs(check - peerGrad) <= 1e-3 * Math.max(1, Math.abs(check)) ? 'yes' : `no (${check} vs ${peerGrad})`,
    });
  }
  runCompileBench(report);
}
