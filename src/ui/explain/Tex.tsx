import { memo, useEffect, useMemo, useState } from 'react';

type Katex = typeof import('katex').default;
type KatexOptions = import('katex').KatexOptions;

/**
 * Formulas are built from what a document carries (labels escaped into \text{...}), so KaTeX runs
 * as for untrusted input: no \href, \url or \htmlClass (trust), no rule, space or size beyond
 * 10 em (\rule{99em}{99em} cannot cover the page), no macro expanded more than 1000 times
 * (\def\x{\x}\x stops), and a formula it cannot parse shows in red instead of throwing.
 */
export const KATEX_OPTIONS: KatexOptions = { trust: false, maxSize: 10, maxExpand: 1000, throwOnError: false, strict: 'ignore' };

let katex: Katex | null = null;
let pending: Promise<Katex> | undefined;

/** KaTeX and its style sheet, fetched when the first formula is drawn: start-up never pays for them. */
function loadKatex(): Promise<Katex> {
  pending ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(
    ([m]) => (katex = m.default),
    (e: unknown) => {
      pending = undefined;
      throw e;
    },
  );
  return pending;
}

function useKatex(): Katex | null {
  const [k, setK] = useState(katex);
  useEffect(() => {
    if (!k) loadKatex().then(setK, () => undefined);
  }, [k]);
  return k;
}

/**
 * LaTeX typeset by KaTeX, as HTML for the eye and MathML for screen readers; the plain text
 * stands in until KaTeX has loaded. A formula KaTeX cannot parse shows in red, never throws.
 */
function TexView({ latex, text, block = false }: { latex: string; text: string; block?: boolean }) {
  const k = useKatex();
  const html = useMemo(
    () => k?.renderToString(latex, { ...KATEX_OPTIONS, output: 'htmlAndMathml', displayMode: block }),
    [k, latex, block],
  );
  if (html === undefined) return <span className="tex tex--plain">{text}</span>;
  return <span className={block ? 'tex tex--block' : 'tex'} dangerouslySetInnerHTML={{ __html: html }} />;
}

export const Tex = memo(TexView);
