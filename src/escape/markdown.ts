/**
 * Markdown (CommonMark and GitHub's tables): inline text, as in a table cell or a heading. A
 * label prints as written: no emphasis, link, code span, math, HTML (`<script>` is text) or
 * entity, and a pipe cannot add a cell.
 */
import { oneLine } from './text';

/** Characters that start inline markup, end a table cell or start an entity, escaped with a backslash as CommonMark allows for any ASCII punctuation. */
const MARKUP = /[\\`*_[\]<>|~#$&!]/g;

/**
 * Inline Markdown for `text`: on one line (line ends as spaces, control characters as visible
 * escapes), every markup character backslash-escaped.
 */
export const markdownText = (text: string): string => oneLine(text).replace(MARKUP, '\\$&');
