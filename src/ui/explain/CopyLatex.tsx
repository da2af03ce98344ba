import { editor } from '../editor';

/** Puts LaTeX on the clipboard and says so; a refusal is said too, nothing is lost. */
export async function copyLatex(latex: string, what: string): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(latex);
    editor.notify(`${what} copied to the clipboard as LaTeX.`);
  } catch {
    editor.notify(`The clipboard refused the LaTeX of ${what.toLowerCase()}.`, 'error');
  }
}

/** A "Copy LaTeX" button; `latex` is computed when clicked, so a whole derivation costs nothing until asked for. */
export function CopyLatexButton({
  latex,
  what,
  label,
  text = 'Copy LaTeX',
}: {
  latex: () => string;
  what: string;
  label: string;
  text?: string;
}) {
  return (
    <button type="button" className="tool copy-latex" aria-label={label} onClick={() => void copyLatex(latex(), what)}>
      {text}
    </button>
  );
}
