/* eslint-disable no-control-regex -- matching control characters is what an escaper is for */
/**
 * Plain text made visible: on one line for the comment writers (Python, LaTeX) and Markdown, or
 * with its lines for a terminal. No character in the result can end a line where it should not,
 * move the cursor, reorder text or hide itself; the other escapers build on these.
 */

/**
 * Every character some reader treats as a line end, and tab: Python's tokenizer (\n, \r),
 * str.splitlines() (\v, \f, \x1c-\x1e, \x85), Unicode (\u2028, \u2029), TeX and terminals.
 */
const BREAKS = /[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+/g;

/** Control and format characters: C0, DEL, C1, bidi overrides, zero-width characters, the BOM. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex = (c: number, digits: number): string => c.toString(16).padStart(digits, '0');

/** `\x1b`, `\u202e`, `\U000e0001`: a character written out so it shows instead of acting. */
export function visibleEscape(ch: string): string {
  const c = ch.codePointAt(0) as number;
  return c < 0x100 ? `\\x${hex(c, 2)}` : c <= 0xffff ? `\\u${hex(c, 4)}` : `\\U${hex(c, 8)}`;
}

/**
 * The text with every unpaired surrogate replaced by U+FFFD, so it encodes as UTF-8 (as
 * String.prototype.toWellFormed, which not every supported runtime has).
 */
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\ufffd');

/**
 * The text on one line: each run of line ends and tabs becomes one space, other control and
 * format characters are written as visible escapes (`\x1b`), unpaired surrogates as U+FFFD.
 */
export const oneLine = (text: string): string => wellFormed(text).replace(BREAKS, ' ').replace(INVISIBLE, visibleEscape);

/** What a terminal may be sent raw besides printable text: newline and tab. */
const NOT_FOR_TERMINALS = /[^\P{Cc}\n\t]|[\p{Cf}\u2028\u2029]/gu;

/**
 * Text for a terminal: lines and tabs kept, every other control or format character written as
 * a visible escape, so a label carrying an escape sequence (clear the screen, set the title,
 * hide the rest of the output) or a bidi override prints as text instead of acting.
 */
export const terminalText = (text: string): string => wellFormed(text).replace(NOT_FOR_TERMINALS, visibleEscape);
