/**
 * Mermaid (flowchart): a double-quoted node or edge label. Mermaid reads `#NNN;` as the character
 * NNN, so every character that could close the label, start markup, an entity or a comment, or
 * act (a control or format character) is written that way; letters, digits and a few harmless
 * marks stay readable.
 */
import { oneLine } from './text';

/** What may appear raw: letters, marks and digits of any script, space and a few punctuation marks. */
const SAFE = /[\p{L}\p{M}\p{N} .,:=+\-*/()]/u;

/** The quoted Mermaid label for `text`, on one line (as oneLine writes it); every other character as a numeric entity, `#34;` for a quote. */
export const mermaidString = (text: string): string =>
  `"${Array.from(oneLine(text), (ch) => (SAFE.test(ch) ? ch : `#${ch.codePointAt(0) as number};`)).join('')}"`;
