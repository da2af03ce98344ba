import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `f` inside tf.tidy and downloads the tensors it makes, handing the arrays out through a
 * variable rather than as tidy's result: tidy walks whatever its callback returns, key by key,
 * looking for tensors to keep, so a returned Float32Array of 131,072 numbers cost about 30 ms,
 * far more than the WebAssembly convolution that made it.
 */
export function download(f: () => tf.Tensor[]): Float32Array[] {
  let out: Float32Array[] = [];
  tf.tidy(() => {
    out = f().map((t) => t.dataSync() as Float32Array);
  });
  return out;
}
