import { describe, expect, it } from 'vitest';
import { hostileStrings } from '../../tests/hostile-strings';
import { csvField, csvRecords } from './csv';
import { wellFormed } from './text';

/** An RFC 4180 reader, written from the RFC, to read the writer's output back. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') field += text[i++];
        else if (text[i] === '"') break;
        else field += text[i];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} after a field`);
  }
  return rows;
}

describe('csvField', () => {
  const strings = hostileStrings(17, 500, '/tmp/backprop-escape/MARKER', true);

  it('reads back as the text, a formula guarded by a leading quote, one record per row', () => {
    const rows = strings.map((s, i) => [i, s, 'end']);
    const back = readCsv(csvRecords(rows));
    expect(back).toHaveLength(rows.length);
    const wrong = strings.flatMap((s, i) => {
      const want = wellFormed(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
      return back[i][0] === String(i) && back[i][1] === want && back[i][2] === 'end' && back[i].length === 3 ? [] : [i];
    });
    expect(wrong).toEqual([]);
  });

  it('never lets a spreadsheet see a formula, and keeps numbers numbers', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(csvField(s).replace(/^"/, '')).toMatch(/^'/);
    expect([csvField(-4.159), csvField('a,"b"'), csvField('x')]).toEqual(['-4.159', '"a,""b"""', 'x']);
  });
});
