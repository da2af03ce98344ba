/**
 * Graphviz DOT: a double-quoted string (an ID, a label, the graph's title). A label prints as
 * written on one line: no quote ends the string, no backslash starts one of Graphviz's label
 * escapes (\n, \l, \N, \G, ...), no & starts an HTML entity (Graphviz decodes `&amp;` and `&#0;`
 * even in plain labels), and the file stays valid UTF-8.
 */
import { oneLine, visibleEscape } from './text';

/** U+FFFE, U+FFFF and the other noncharacters: Graphviz copies them into its SVG, which XML then refuses. */
const NONCHARACTER = /\p{Noncharacter_Code_Point}/gu;

/**
 * The quoted DOT string for `text`: on one line (line ends as spaces, control, format and
 * noncharacters as visible escapes), then every & as `&amp;`, every backslash doubled and every
 * quote escaped, so Graphviz draws the one-line text itself.
 */
export const dotString = (text: string): string =>
  `"${oneLine(text).replace(NONCHARACTER, visibleEscape).replace(/&/g, '&amp;').replace(/[\\"]/g, '\\$&')}"`;
