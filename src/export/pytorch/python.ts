import { strides, type Tensor } from '../../tensor/tensor';

/**
 * A float literal Python reads back to the same double: JavaScript's shortest round-trip digits,
 * with ".0" added to integers so a bare `3` never becomes an int, and the sign of −0 kept.
 */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} as a Python literal`);
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** An integer literal; anything else (a string smuggled into a shape) is refused, never written. */
export function pyInt(x: number): string {
  if (!Number.isSafeInteger(x)) throw new Error(`cannot write ${JSON.stringify(x)} as a Python integer`);
  return String(x);
}

/** A tuple of integers: `(3, 3)`, `(5,)`, `()`. */
export const pyInts = (xs: readonly number[]): string => (xs.length === 1 ? `(${pyInt(xs[0])},)` : `(${xs.map(pyInt).join(', ')})`);

/** Lists longer than this are broken one item per line, so a 16 × 16 tensor reads as a matrix. */
const LINE = 100;

/** Numbers filled into lines of at most LINE characters, each starting with `pad`. */
function fill(xs: ArrayLike<number>, pad: string): string {
  let out = '';
  let line = pad;
  for (let i = 0; i < xs.length; i++) {
    const item = `${pyFloat(xs[i])},`;
    if (line.length > pad.length && line.length + 1 + item.length > LINE) {
      out += `${line}\n`;
      line = pad;
    }
    line += line.length > pad.length ? ` ${item}` : item;
  }
  return `${out}${line}\n`;
}

/** Nested lists of floats, as `torch.tensor(...)` takes them; `indent` is the indentation of the line they start on. */
export function pyNested(t: Tensor, indent = 0): string {
  if (t.shape.length === 0) return pyFloat(t.data[0]);
  const st = strides(t.shape);
  const oneLine = (dim: number, off: number): string => {
    const items = Array.from({ length: t.shape[dim] }, (_, i) =>
      dim === t.shape.length - 1 ? pyFloat(t.data[off + i]) : oneLine(dim + 1, off + i * st[dim]),
    );
    return `[${items.join(', ')}]`;
  };
  const size = (dim: number) => t.shape.slice(dim).reduce((a, d) => a * d, 1);
  const layout = (dim: number, off: number, col: number): string => {
    // Every float takes at least 3 characters ("0.0"): a block that cannot fit on one line is not
    // written out on one first, which made each number of a deep tensor formatted once per dim.
    const line = col + 3 * size(dim) <= LINE ? oneLine(dim, off) : null;
    if (line !== null && col + line.length <= LINE) return line;
    const pad = ' '.repeat(col + 4);
    if (dim === t.shape.length - 1) return `[\n${fill(t.data.subarray(off, off + t.shape[dim]), pad)}${' '.repeat(col)}]`;
    const items = Array.from({ length: t.shape[dim] }, (_, i) => `${pad}${layout(dim + 1, off + i * st[dim], col + 4)},\n`);
    return `[\n${items.join('')}${' '.repeat(col)}]`;
  };
  return layout(0, 0, indent);
}

// Keywords, builtins and the script's own globals: a node named `sum` or `max` must not shadow
// the builtin that the checking code calls later.
const RESERVED = new Set(
  (
    'False None True and as assert async await break case class continue def del elif else except finally for from global ' +
    'if import in is lambda match nonlocal not or pass raise return try type while with yield _ ' +
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright ' +
    'credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash ' +
    'help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct ' +
    'open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super ' +
    'tuple vars zip torch F sys math'
  ).split(' '),
);

/** Hands out distinct Python identifiers derived from node ids ("conv-1" -> conv_1, "max" -> max_). */
export class Names {
  private readonly reserved = new Set(RESERVED);
  private readonly taken = new Set<string>();

  /** Marks names the script defines itself (its helper functions) as unavailable. */
  reserve(...names: string[]): void {
    for (const n of names) this.reserved.add(n);
  }

  /**
   * A fresh identifier close to `wanted`, in ASCII letters, digits and _ only: a reserved word gets
   * a trailing _, a repeated one a number, and one starting with a digit or __ an n in front (so no
   * id can be a dunder such as __builtins__ or __import__).
   */
  take(wanted: string): string {
    let base = wanted.replace(/[^A-Za-z0-9_]+/g, '_');
    if (!/[A-Za-z0-9]/.test(base)) base = 'node';
    if (/^([0-9]|__)/.test(base)) base = `n${base}`;
    if (this.reserved.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; this.taken.has(name) || this.reserved.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    return name;
  }
}

/** `torch.tensor(...)` in float64, stated explicitly so integer-valued data never becomes int64. */
export const pyTensor = (t: Tensor, requiresGrad: boolean): string =>
  `torch.tensor(${pyNested(t)}, dtype=torch.float64${requiresGrad ? ', requires_grad=True' : ''})`;
