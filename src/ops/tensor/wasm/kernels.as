// AssemblyScript source of the WebAssembly SIMD kernels (compiled by scripts/build-wasm.mjs into
// kernels-wasm.ts; tests/unit/wasm-build.test.ts checks the committed bytes are this file's).
//
// Float64 GEMM, C += A·B, in the same BLIS layout as kernels/gemm.ts and with the SAME summation
// order for every element: each KC-deep block's products are summed from zero in k order, then
// added to C, block after block. f64x2.mul then f64x2.add rounds exactly as JavaScript's a * b then
// + (WebAssembly has no implicit fused multiply-add), so the results are bit-identical to the JS
// kernel. Only the tile shape differs (6×4 here: twelve f64x2 sums, two B vectors and one A
// broadcast fit the sixteen x64 vector registers), which does not change any element's order.
//
// Pointers are byte addresses into this module's memory; strides count elements.

const MR: i32 = 6;
const NR: i32 = 4;
/** Must equal kernels/gemm.ts's KC: it fixes where each element's partial sums are cut. */
const KC: i32 = 256;
/** Rows of A per packed block (a multiple of MR): MC×KC doubles (192 KB) stay in L2. */
const MC: i32 = 96;
/** Columns of B per packed block (a multiple of NR): KC×NC doubles (4 MB). */
const NC: i32 = 2048;

/** Where the caller's scratch may start: past this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

/** Columns of B in its packed block: n rounded up to whole NR panels, at most NC. */
function packedColumns(n: i32): i32 {
  return min(NC, ((n + NR - 1) / NR) * NR);
}

/**
 * Bytes of scratch `gemm` needs at `pack`, for an n-column B: the packed A and B blocks and the
 * tile an edge is summed in. Scratch is the caller's, never static, so threads sharing this
 * module's memory each pass their own.
 */
export function packBytes(n: i32): i32 {
  return (MC * KC + KC * packedColumns(n) + MR * NR) * 8;
}

/**
 * C (m×n, element (i, j) at c + (i·crs + j·ccs)·8) += A (m×k) · B (k×n), each strided the same
 * way. `pack` points at packBytes(n) bytes of scratch.
 */
export function gemm(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  ars: i32,
  acs: i32,
  b: usize,
  brs: i32,
  bcs: i32,
  c: usize,
  crs: i32,
  ccs: i32,
  pack: usize,
): void {
  const ap = pack;
  const bp = pack + <usize>(MC * KC * 8);
  const edge = bp + <usize>(KC * packedColumns(n) * 8);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b, brs, bcs, pc, kc, jc, nc, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, ars, acs, ic, mc, pc, kc, ap);
        macroKernel(mc, nc, kc, ap, bp, c, crs, ccs, ic, jc, edge);
      }
    }
  }
}

function macroKernel(mc: i32, nc: i32, kc: i32, ap: usize, bp: usize, c: usize, crs: i32, ccs: i32, ic: i32, jc: i32, edge: usize): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    const bo = bp + <usize>(j0 * kc * 8);
    for (let i0 = 0; i0 < mc; i0 += MR) {
      const rows = min(MR, mc - i0);
      const ao = ap + <usize>(i0 * kc * 8);
      const co = c + <usize>(((ic + i0) * crs + (jc + j0) * ccs) * 8);
      if (rows == MR && cols == NR && ccs == 1) {
        micro(kc, ao, bo, co, <usize>(crs * 8));
      } else {
        memory.fill(edge, 0, MR * NR * 8);
        micro(kc, ao, bo, edge, NR * 8);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < cols; j++) {
            const q = co + <usize>((r * crs + j * ccs) * 8);
            store<f64>(q, load<f64>(q) + load<f64>(edge + <usize>((r * NR + j) * 8)));
          }
        }
      }
    }
  }
}

/** The 6×4 tile at c (row stride ldc bytes) += the A panel · the B panel over kc steps. */
// @ts-ignore: decorator
@inline
function micro(kc: i32, a: usize, b: usize, c: usize, ldc: usize): void {
  let c00 = f64x2.splat(0),
    c01 = f64x2.splat(0),
    c10 = f64x2.splat(0),
    c11 = f64x2.splat(0),
    c20 = f64x2.splat(0),
    c21 = f64x2.splat(0),
    c30 = f64x2.splat(0),
    c31 = f64x2.splat(0),
    c40 = f64x2.splat(0),
    c41 = f64x2.splat(0),
    c50 = f64x2.splat(0),
    c51 = f64x2.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load64_splat(a);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 8);
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 16);
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 24);
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
    c31 = f64x2.add(c31, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 32);
    c40 = f64x2.add(c40, f64x2.mul(x, b0));
    c41 = f64x2.add(c41, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 40);
    c50 = f64x2.add(c50, f64x2.mul(x, b0));
    c51 = f64x2.add(c51, f64x2.mul(x, b1));
    a += MR * 8;
    b += NR * 8;
  }
  v128.store(c, f64x2.add(v128.load(c), c00));
  v128.store(c, f64x2.add(v128.load(c, 16), c01), 16);
  c += ldc;
  v128.store(c, f64x2.add(v128.load(c), c10));
  v128.store(c, f64x2.add(v128.load(c, 16), c11), 16);
  c += ldc;
  v128.store(c, f64x2.add(v128.load(c), c20));
  v128.store(c, f64x2.add(v128.load(c, 16), c21), 16);
  c += ldc;
  v128.store(c, f64x2.add(v128.load(c), c30));
  v128.store(c, f64x2.add(v128.load(c, 16), c31), 16);
  c += ldc;
  v128.store(c, f64x2.add(v128.load(c), c40));
  v128.store(c, f64x2.add(v128.load(c, 16), c41), 16);
  c += ldc;
  v128.store(c, f64x2.add(v128.load(c), c50));
  v128.store(c, f64x2.add(v128.load(c, 16), c51), 16);
}

/** Rows [ic, ic+mc) × cols [pc, pc+kc) of A into MR-row panels, k-major, zero-padded to MR rows. */
function packA(a: usize, rs: i32, cs: i32, ic: i32, mc: i32, pc: i32, kc: i32, out: usize): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = min(MR, mc - i0);
    let q = a + <usize>(((ic + i0) * rs + pc * cs) * 8);
    const step = <usize>(cs * 8);
    const r8 = <usize>(rs * 8);
    if (rows == MR) {
      for (let p = 0; p < kc; p++) {
        store<f64>(out, load<f64>(q));
        store<f64>(out, load<f64>(q + r8), 8);
        store<f64>(out, load<f64>(q + 2 * r8), 16);
        store<f64>(out, load<f64>(q + 3 * r8), 24);
        store<f64>(out, load<f64>(q + 4 * r8), 32);
        store<f64>(out, load<f64>(q + 5 * r8), 40);
        out += MR * 8;
        q += step;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) store<f64>(out + <usize>(r * 8), r < rows ? load<f64>(q + <usize>(r) * r8) : 0);
        out += MR * 8;
        q += step;
      }
    }
  }
}

/** Rows [pc, pc+kc) × cols [jc, jc+nc) of B into NR-column panels, k-major, zero-padded to NR columns. */
function packB(b: usize, rs: i32, cs: i32, pc: i32, kc: i32, jc: i32, nc: i32, out: usize): void {
  const step = <usize>(rs * 8);
  const c8 = <usize>(cs * 8);
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    let q = b + <usize>((pc * rs + (jc + j0) * cs) * 8);
    if (cols == NR && cs == 1) {
      for (let p = 0; p < kc; p++) {
        v128.store(out, v128.load(q));
        v128.store(out, v128.load(q, 16), 16);
        out += NR * 8;
        q += step;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) store<f64>(out + <usize>(j * 8), j < cols ? load<f64>(q + <usize>(j) * c8) : 0);
        out += NR * 8;
        q += step;
      }
    }
  }
}

// Max pooling of `planes` H×W planes, two at a time: lane 0 reads plane p, lane 1 plane p + 1 (the
// same windows), so any kernel, stride, dilation or padding vectorises. Each lane keeps the JS
// kernel's rule (kernels/pool2d.ts): the first maximum in scan order, the last NaN if any.
// `rows`/`cols` point at the windows' first index and count per output row/column (i32 each:
// first[0..n) then count[0..n)); `step` is the dilation.

/** y[cell] = the window's maximum (mode 0), or dx[argmax] += dy[cell] (mode 1). */
export function maxPool(
  planes: i32,
  h: i32,
  w: i32,
  ho: i32,
  wo: i32,
  rows: usize,
  rowStep: i32,
  cols: usize,
  colStep: i32,
  x: usize,
  out: usize,
  dy: usize,
  backward: bool,
): void {
  const plane = h * w;
  const cells = ho * wo;
  for (let p = 0; p < planes; p += 2) {
    const pair = p + 1 < planes;
    const x0 = x + <usize>(p * plane * 8);
    const x1 = pair ? x0 + <usize>(plane * 8) : x0;
    let cell = p * cells;
    for (let oh = 0; oh < ho; oh++) {
      const r0 = load<i32>(rows + <usize>(oh * 4));
      const rn = load<i32>(rows + <usize>((ho + oh) * 4));
      for (let ow = 0; ow < wo; ow++) {
        const c0 = load<i32>(cols + <usize>(ow * 4));
        const cn = load<i32>(cols + <usize>((wo + ow) * 4));
        const start = r0 * w + c0;
        let best = v128.load64_lane(x1 + <usize>(start * 8), v128.load64_zero(x0 + <usize>(start * 8)), 1);
        let at = i64x2.splat(start);
        for (let a = 0; a < rn; a++) {
          const row = (r0 + a * rowStep) * w + c0;
          const end = row + cn * colStep;
          for (let q = row; q < end; q += colStep) {
            const v = v128.load64_lane(x1 + <usize>(q * 8), v128.load64_zero(x0 + <usize>(q * 8)), 1);
            const take = v128.or(f64x2.gt(v, best), f64x2.ne(v, v));
            best = v128.bitselect(v, best, take);
            at = v128.bitselect(i64x2.splat(q), at, take);
          }
        }
        if (backward) {
          const d0 = out + <usize>(p * plane * 8) + <usize>(i64x2.extract_lane(at, 0) * 8);
          store<f64>(d0, load<f64>(d0) + load<f64>(dy + <usize>(cell * 8)));
          if (pair) {
            const d1 = out + <usize>((p + 1) * plane * 8) + <usize>(i64x2.extract_lane(at, 1) * 8);
            store<f64>(d1, load<f64>(d1) + load<f64>(dy + <usize>((cell + cells) * 8)));
          }
        } else {
          store<f64>(out + <usize>(cell * 8), f64x2.extract_lane(best, 0));
          if (pair) store<f64>(out + <usize>((cell + cells) * 8), f64x2.extract_lane(best, 1));
        }
        cell++;
      }
    }
  }
}

// Average pooling, two planes per step as maxPool, with kernels/pool2d.ts's order: each window
// summed from zero row by row, left to right, then divided; its divisor is every cell the window
// spans with the padding (`includePad`: padded[] of the axis arrays, at [2n, 3n)) or the cells it
// reads (count[]). Windows are contiguous (average pooling has no dilation).

/** y[cell] = the window's mean (forward), or dx[every cell it reads] += dy[cell] / divisor (backward). */
export function avgPool(
  planes: i32,
  h: i32,
  w: i32,
  ho: i32,
  wo: i32,
  rows: usize,
  cols: usize,
  includePad: bool,
  x: usize,
  out: usize,
  dy: usize,
  backward: bool,
): void {
  const plane = h * w;
  const cells = ho * wo;
  const by = includePad ? 2 : 1;
  for (let p = 0; p < planes; p += 2) {
    const pair = p + 1 < planes;
    const gap = pair ? <usize>(plane * 8) : 0;
    const dyGap = pair ? <usize>(cells * 8) : 0;
    const x0 = (backward ? out : x) + <usize>(p * plane * 8);
    let cell = p * cells;
    for (let oh = 0; oh < ho; oh++) {
      const r0 = load<i32>(rows + <usize>(oh * 4));
      const rn = load<i32>(rows + <usize>((ho + oh) * 4));
      const rd = load<i32>(rows + <usize>((by * ho + oh) * 4));
      for (let ow = 0; ow < wo; ow++) {
        const c0 = load<i32>(cols + <usize>(ow * 4));
        const cn = load<i32>(cols + <usize>((wo + ow) * 4));
        const divisor = f64x2.splat(<f64>(rd * load<i32>(cols + <usize>((by * wo + ow) * 4))));
        if (backward) {
          const g = v128.load64_lane(dy + <usize>(cell * 8) + dyGap, v128.load64_zero(dy + <usize>(cell * 8)), 1);
          const share = f64x2.div(g, divisor);
          for (let i = r0; i < r0 + rn; i++) {
            for (let q = i * w + c0, end = q + cn; q < end; q++) {
              const d0 = x0 + <usize>(q * 8);
              const sum = f64x2.add(v128.load64_lane(d0 + gap, v128.load64_zero(d0), 1), share);
              if (pair) v128.store64_lane(d0 + gap, sum, 1);
              v128.store64_lane(d0, sum, 0);
            }
          }
        } else {
          let sum = f64x2.splat(0);
          for (let i = r0; i < r0 + rn; i++) {
            for (let q = i * w + c0, end = q + cn; q < end; q++) {
              const s0 = x0 + <usize>(q * 8);
              sum = f64x2.add(sum, v128.load64_lane(s0 + gap, v128.load64_zero(s0), 1));
            }
          }
          const mean = f64x2.div(sum, divisor);
          store<f64>(out + <usize>(cell * 8), f64x2.extract_lane(mean, 0));
          if (pair) store<f64>(out + <usize>((cell + cells) * 8), f64x2.extract_lane(mean, 1));
        }
        cell++;
      }
    }
  }
}
