import { describe, expect, it } from 'vitest';
import { CONTROLS, hostileStrings } from '../../tests/hostile-strings';
import { oneLine, terminalText, wellFormed } from './text';

describe('terminalText', () => {
  it('keeps lines and tabs, and writes every other control, separator and format character visibly', () => {
    expect(terminalText('a\n\tb\r\x1b]0;pwned\x07\x9b2J\u2028\u202e\ud800')).toBe(
      'a\n\tb\\x0d\\x1b]0;pwned\\x07\\x9b2J\\u2028\\u202e\ufffd',
    );
    for (const s of hostileStrings(23, 300, '/tmp/backprop-escape/MARKER'))
      expect(terminalText(s)).not.toMatch(/[^\P{Cc}\n\t]|[\p{Cf}\u2028\u2029]/u);
  });
});

describe('oneLine', () => {
  it('leaves no line end, control or format character, and no unpaired surrogate', () => {
    for (const s of hostileStrings(19, 500, '/tmp/backprop-escape/MARKER', true)) {
      const line = oneLine(s);
      expect(line).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u);
      expect(line).toBe(wellFormed(line));
    }
  });

  it('makes line ends spaces and other controls visible', () => {
    expect(CONTROLS.map((c) => oneLine(`a${c}b`)).filter((l) => l === 'a b')).toHaveLength(11);
    expect(oneLine('a\r\n\tb\x1b[2J\u202e\ufeff\ud800')).toBe('a b\\x1b[2J\\u202e\\ufeff\ufffd');
  });
});
