/* eslint-disable no-control-regex -- matching control characters is what an escaper is for */
/**
 * Python source: string literals and comments. Everything a document carries reaches a
 * generated script only through these, so no label or title can end a comment or a string and
 * run as code.
 */
import { oneLine, visibleEscape, wellFormed } from './text';

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

/**
 * A double-quoted Python string literal in pure ASCII that Python reads back as `text`: quotes
 * and backslashes escaped, every other character outside printable ASCII as \xNN, \uXXXX or
 * \UXXXXXXXX (so no line separator, bidi override or encoding can act on the source). An
 * unpaired surrogate, which no UTF-8 text can hold, reads back as U+FFFD.
 */
export function pyString(text: string): string {
  let out = '"';
  for (const ch of wellFormed(text)) out += SHORT[ch] ?? (ch >= ' ' && ch <= '~' ? ch : visibleEscape(ch));
  return `${out}"`;
}

/** One comment line, always exactly one physical line (see oneLine); no trailing spaces. */
export const pyComment = (text: string): string => `# ${oneLine(text)}`.trimEnd();

/** A blank line, then its surroundings: what separates paragraphs in a description. */
const PARAGRAPH = /[\n\v\f\r\x1c-\x1e\x85\u2028\u2029][^\S\n\v\f\r\u2028\u2029]*[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]\s*/;

/** Text wrapped into comment lines of at most `width` characters (a longer word gets a line of its own). */
export function pyCommentBlock(text: string, width = 100): string[] {
  const lines: string[] = [];
  for (const para of text.split(PARAGRAPH)) {
    let line = '#';
    for (const word of oneLine(para).split(/\s+/).filter(Boolean)) {
      if (line.length > 1 && line.length + 1 + word.length > width) {
        lines.push(line);
        line = '#';
      }
      line += ` ${word}`;
    }
    if (line.length > 1) lines.push(line);
  }
  return lines;
}
