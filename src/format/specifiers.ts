/**
 * The few d3-format specifiers the UI has always used (".4~g", ",d", ".4~s", ",.4~f", ".2~f"),
 * written out so this module stays free of d3 and can sit below the engine. Each follows d3-format 3:
 * the number is formatted without its sign, "~" trims insignificant zeros, "," groups thousands,
 * and a negative gets the typographic minus "−" unless it rounds to zero.
 */

/** U+2212, the minus sign typeset in the UI (d3's default); the CLI, exams and LaTeX use "-". */
export const MINUS = '\u2212';

/** 1.2000e+5 → 1.2e+5, 3.000 → 3, 120 → 120: zeros after the decimal point, up to the exponent or the end. */
export const trimZeros = (s: string): string => s.replace(/(\.\d*?)0+(?=\D|$)/, '$1').replace(/\.(?=\D|$)/, '');

/** Commas every three digits in the leading run of digits: 1234567.5 → 1,234,567.5. */
const group = (s: string): string => {
  const digits = /^\d*/.exec(s)![0];
  return digits.replace(/\B(?=(\d{3})+$)/g, ',') + s.slice(digits.length);
};

interface Style {
  readonly trim?: boolean;
  readonly comma?: boolean;
}

/** Formats |x| with `body` (which may return a suffix, as SI prefixes do), then puts the sign back. */
function signed(x: number, body: (abs: number) => readonly [string, string], { trim, comma }: Style): string {
  const negative = x < 0 || 1 / x < 0;
  const [raw, suffix] = Number.isNaN(x) ? ['NaN', ''] : body(Math.abs(x));
  const trimmed = trim ? trimZeros(raw) : raw;
  const text = comma ? group(trimmed) : trimmed;
  return (negative && +text !== 0 ? MINUS : '') + text + suffix;
}

/** d3 ".{p}~g": p significant digits, exponent as JavaScript writes it (1.235e+5). */
export const significant = (x: number, p: number): string => signed(x, (a) => [a.toPrecision(p), ''], { trim: true });

/** d3 "{,}.{p}~f": at most p decimals, trimmed; grouped when `comma`. */
export const fixed = (x: number, p: number, comma = false): string => signed(x, (a) => [a.toFixed(p), ''], { trim: true, comma });

/** d3 ",d": rounded to an integer, grouped. */
export const groupedInteger = (x: number): string =>
  signed(
    x,
    (a) => {
      const r = Math.round(a);
      return [r >= 1e21 ? r.toLocaleString('en').replace(/,/g, '') : String(r), ''];
    },
    { comma: true },
  );

const PREFIXES = ['y', 'z', 'a', 'f', 'p', 'n', 'µ', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

/** The digits of a below a yocto, to q significant digits (all of them when q < 1), as d3 writes them. */
const tinyDigits = (a: number, q: number): string => (q > 0 ? a.toExponential(q - 1) : a.toExponential()).split('e')[0].replace('.', '');

/** d3 ".{p}~s": p significant digits with an SI prefix: 72855552 → 72.86M. */
export const siPrefixed = (x: number, p: number): string =>
  signed(
    x,
    (a) => {
      if (!Number.isFinite(a) || a === 0) return [a.toPrecision(p), ''];
      const [mantissa, exp] = a.toExponential(p - 1).split('e');
      const digits = mantissa.replace('.', '');
      const power = Math.max(-8, Math.min(8, Math.floor(Number(exp) / 3)));
      const i = Number(exp) - power * 3 + 1;
      const text =
        i === digits.length
          ? digits
          : i > digits.length
            ? digits + '0'.repeat(i - digits.length)
            : i > 0
              ? `${digits.slice(0, i)}.${digits.slice(i)}`
              : `0.${'0'.repeat(-i)}${tinyDigits(a, p + i - 1)}`;
      return [text, PREFIXES[8 + power]];
    },
    { trim: true },
  );
