/**
 * Hostile strings for the escaping tests: every control and line-separator character, quotes,
 * backslashes, the markup of every target language, and payloads that would run code or read
 * files if an exporter wrote them raw. Seeded, so a failure reproduces.
 */

/** xorshift32: small, deterministic, good enough to shuffle test strings. */
export function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Every C0 and C1 control, DEL, and the characters Unicode or Python read as line ends. */
export const CONTROLS: readonly string[] = [
  ...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)),
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
  '\u2028',
  '\u2029',
];

/** Pieces of markup and escapes from every target language, and characters that trip encoders. */
const ATOMS: readonly string[] = [
  '"',
  "'",
  '\\',
  '`',
  '${',
  '"""',
  "'''",
  '\\"',
  "\\'",
  '\\\\',
  '\\n',
  '\\x00',
  '\\u2028',
  '{',
  '}',
  '{{',
  '}}',
  '%',
  '#',
  '$',
  '&',
  '~',
  '_',
  '^',
  '<',
  '>',
  '|',
  '*',
  '[',
  ']',
  '(',
  ')',
  '!',
  '=',
  '+',
  '-',
  '@',
  ',',
  ';',
  ':',
  '--',
  '``',
  "''",
  '\\input{/etc/hostname}',
  '\\write18{touch MARKER}',
  '\\immediate\\write18',
  '\\end{document}',
  '\\end{tikzpicture}',
  '\\rule{99em}{99em}',
  '\\def\\x{\\x}\\x',
  '\\catcode`\\@=11',
  '<script>alert(1)</script>',
  ']]>',
  '<![CDATA[',
  '</text>',
  '&amp;',
  '&#0;',
  '<!--',
  '-->',
  '<?xml',
  '| a | b |',
  '\\|',
  '**b**',
  '[x](javascript:alert(1))',
  '![i](x)',
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("x")',
  '+1',
  '-1',
  '@SUM(A1)',
  '\t=1',
  'é',
  'σ',
  '한',
  '😀',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\uffff',
  '\ud83d',
  'x',
  ' ',
  '  ',
  '1',
  '\\N',
  '\\G',
  '\\l',
  '"];',
  '-->',
  '%%',
  '#quot;',
  '#35;',
  'click n1 call alert()',
];

/**
 * Payloads that would do something on the machine if they escaped their string or comment,
 * each aimed at creating `marker` (an absolute path in a scratch directory; TeX's as `marker`.tex
 * in its working directory), or at reading a file.
 */
export function payloads(marker: string): string[] {
  const py = `open(${JSON.stringify(marker)}, "w").write("pwned")`;
  // TeX may write only below its working directory (openout_any=p): the file is aimed there, by name.
  const tex = `\\immediate\\openout15=${marker.split('/').pop()}\\immediate\\write15{x}\\immediate\\closeout15 `;
  return [
    // Each ends in a comment, so what the exporter writes after it cannot make the line a syntax error.
    `\nimport os; os.system("touch ${marker}")  #`,
    `\n${py}  #`,
    `\r${py}  #`,
    `\r__import__("os").system("touch ${marker}")  #`,
    ...['\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029', '\r\n'].map((br) => `x${br}${py}  # `),
    `"; ${py}; "`,
    `'; ${py}; '`,
    `"""; ${py}; """`,
    `''') ; ${py} ; ('''`,
    `\\"; ${py}; #`,
    `\\\n${py}  #`,
    `}\n${tex}`,
    `\n${tex}\n`,
    `%\n${tex}`,
    `$}\\end{tikzpicture}${tex}\\begin{tikzpicture}{$`,
    `\\input{/etc/hostname}`,
    `\\write18{touch ${marker}}`,
    `\\immediate\\write18{touch ${marker}}`,
    `</text><script>alert(1)</script><text>`,
    `]]><script>alert(1)</script>`,
    `| x | y |\n| --- | --- |\n| <script>alert(1)</script> |`,
  ];
}

/** A string of 1 to `max` atoms, controls and random code points (surrogates included). */
function mixed(random: () => number, max: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  let s = '';
  const n = 1 + Math.floor(random() * max);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.45) s += pick(ATOMS);
    else if (r < 0.8) s += pick(CONTROLS);
    else s += String.fromCharCode(Math.floor(random() * 0x10000));
  }
  return s;
}

/**
 * `count` hostile strings from `seed`: every payload, every control character alone and between
 * letters, then random mixes; with `long`, two of 100,000 characters.
 */
export function hostileStrings(seed: number, count: number, marker: string, long = false): string[] {
  const random = xorshift(seed);
  const out = [...payloads(marker), ...CONTROLS, ...CONTROLS.map((c) => `a${c}b`)];
  while (out.length < count) out.push(mixed(random, 12));
  if (long)
    out.push(
      mixed(xorshift(seed + 1), 1)
        .repeat(100_000)
        .slice(0, 100_000),
      Array.from({ length: 100_000 }, () => mixed(random, 1))
        .join('')
        .slice(0, 100_000),
    );
  return out;
}
