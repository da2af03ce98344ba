// @vitest-environment jsdom
/* eslint-disable no-control-regex -- matching control characters is what an escaper is for */
import { describe, expect, it } from 'vitest';
import { hostileStrings } from '../../tests/hostile-strings';
import { wellFormed } from './text';
import { xmlText } from './xml';

const strings = hostileStrings(11, 500, '/tmp/backprop-escape/MARKER', true);

/** What a parser reads back: the text, with what XML cannot hold as U+FFFD. */
const expected = (s: string): string => wellFormed(s).replace(/[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd');

describe('xmlText', () => {
  it('parses as strict XML, in text and in both kinds of attribute, back to the text itself', () => {
    const body = strings.map((s, i) => `<t i="${i}" a="${xmlText(s)}" b='${xmlText(s)}'>${xmlText(s)}</t>`).join('');
    const doc = new DOMParser().parseFromString(`<r>${body}</r>`, 'application/xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const ts = [...doc.getElementsByTagName('t')];
    expect(ts).toHaveLength(strings.length);
    const wrong = strings.flatMap((s, i) => {
      const t = ts[i];
      const want = expected(s);
      return t.textContent === want && t.getAttribute('a') === want && t.getAttribute('b') === want && t.childElementCount === 0 ? [] : [i];
    });
    expect(wrong).toEqual([]);
  });

  it('writes markup as entities, so ]]> and </text> close nothing', () => {
    expect(xmlText('<script>"a" & \'b\'</script>]]>\x00\n\x85')).toBe(
      '&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;/script&gt;]]&gt;\ufffd&#10;&#x85;',
    );
    expect(strings.map(xmlText).filter((x) => /[\p{Cc}]/u.test(x))).toEqual([]);
  });
});
