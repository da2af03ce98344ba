import { memo, useEffect, useMemo, useState } from 'react';

type Katex = typeof import('katex').default;

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
  const html = useMemo(() => k?.renderToString(latex, { throwOnError: false, output: 'htmlAndMathml', displayMode: block }), [k, latex, block]);
  if (html === undefined) return <span className="tex tex--plain">{text}</span>;
  return <span className={block ? 'tex tex--block' : 'tex'} dangerouslySetInnerHTML={{ __html: html }} />;
}

export const Tex = memo(TexView);
