import type { Report } from './util';

/** Tensor benchmarks (conv, pool, matmul against TF.js CPU); filled in by the tensor-layers work. */
export async function runTensorBench(_report: Report): Promise<void> {}
