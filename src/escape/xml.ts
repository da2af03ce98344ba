/* eslint-disable no-control-regex -- matching control characters is what an escaper is for */
/**
 * XML 1.0 (SVG): text content and attribute values. Markup in a label stays text, and the file
 * parses whatever the label holds.
 */
import { wellFormed } from './text';

/** Characters XML 1.0 does not allow at all, even as references: most C0 controls and U+FFFE, U+FFFF. */
const FORBIDDEN = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;

/**
 * Markup characters as entities, and the whitespace a parser would normalise (tab, newline and
 * return in an attribute become spaces, a return in text a newline) as character references.
 */
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** DEL and the C1 controls: allowed, but discouraged in XML 1.0 and required as references in 1.1. */
const C1 = /[\x7f-\x9f]/g;

/**
 * Text for XML content or a quoted attribute value (either quote): a parser reads it back as
 * `text`, except that characters XML cannot hold (most C0 controls, U+FFFE, U+FFFF, unpaired
 * surrogates) read back as U+FFFD. `]]>` and `</text>` cannot close anything, since > and < are
 * entities; no control character is written raw, so none reaches a terminal the file is shown in.
 */
export const xmlText = (text: string): string =>
  wellFormed(text)
    .replace(FORBIDDEN, '\ufffd')
    .replace(/[&<>"'\t\n\r]/g, (ch) => ENTITY[ch])
    .replace(C1, (ch) => `&#x${(ch.codePointAt(0) as number).toString(16)};`);
