/**
 * The digits data set as converted into public/data/digits.bin, checked against scikit-learn's
 * CSV (its first and last rows and its class counts), and the 64-32-10 MLP example trained on it
 * through the CLI: over 90% of the held-out images right, the same numbers on every run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataSet } from '../../src/cli/datasets';
import { heldOutAccuracy } from '../../src/graph/optim/accuracy';
import { resolveData } from '../../src/graph/optim/data';
import { decodeDataFile } from '../../src/graph/optim/data-file';
import { parseDocument } from '../../src/graph/load';
import { train } from '../../src/graph/optim/loop';
import { runInProcess as run } from '../cli-in-process';

const EXAMPLE = 'public/training/digits-mlp.json';
/** sklearn/datasets/data/digits.csv.gz: its first row, its last, and how many of each digit it holds. */
const FIRST = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0];
const LAST = [0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16, 14, 6, 1, 0, 0, 0, 0, 15, 15, 8, 15, 0, 0, 0, 0, 5, 16, 16, 10, 0, 0];
const COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];

describe('the digits data set', () => {
  const digits = loadDataSet('digits');
  const { images, labels } = digits.fields;

  it("holds scikit-learn's 1,797 images of 64 pixels (0..16, scaled to 0..1) and their labels", () => {
    expect(images.shape).toEqual([1797, 64]);
    expect(labels.shape).toEqual([1797]);
    expect(Array.from(images.data.subarray(0, 32), (x) => x * 16)).toEqual(FIRST);
    expect(Array.from(images.data.subarray(1796 * 64, 1796 * 64 + 32), (x) => x * 16)).toEqual(LAST);
    expect([labels.data[0], labels.data[1796]]).toEqual([0, 8]);
    expect(COUNTS.map((_, c) => labels.data.filter((y) => y === c).length)).toEqual(COUNTS);
  });

  it('cites its source and licence in the file, and refuses a file that is not one', () => {
    const file = decodeDataFile(readFileSync('public/data/digits.bin'));
    expect(file.header.source).toContain('UCI');
    expect(file.header.license).toContain('BSD-3-Clause');
    expect(() => decodeDataFile(new Uint8Array([255, 0, 0, 0, 123]))).toThrow('not a data-set file: a 255-byte header in 5 bytes');
  });
});

describe('the 64-32-10 MLP example', () => {
  it('trains through the CLI to over 90% held-out accuracy in 225 Adam steps (5 epochs)', () => {
    const r = run('train', EXAMPLE, '--steps', '225');
    const [, pct, right, total] = /held-out accuracy: ([\d.]+)% \((\d+) of (\d+)\)/.exec(r.stdout) ?? [];
    expect(Number(total)).toBe(360);
    expect(Number(right) / Number(total)).toBeGreaterThanOrEqual(0.9);
    expect(Number(pct)).toBeCloseTo((100 * Number(right)) / 360, 3);
  }, 60_000);

  it('is reproducible: the same seed gives the same losses, and a different shuffle seed different ones', () => {
    const loaded = parseDocument(readFileSync(EXAMPLE, 'utf8'));
    if (!loaded.ok) throw new Error('the example does not load');
    const digits = loadDataSet('digits');
    const doc = loaded.doc;
    const a = train(doc, { steps: 20, dataset: digits });
    const b = train(doc, { steps: 20, dataset: digits });
    expect(b.losses).toEqual(a.losses);
    const data = doc.training?.data;
    const other = train({ ...doc, training: { ...doc.training!, data: { ...data!, seed: 1 } } }, { steps: 20, dataset: digits });
    expect(other.losses[0]).not.toBe(a.losses[0]);
    // Ten classes at initialisation: the loss starts near ln 10 ≈ 2.3.
    expect(a.losses[0]).toBeGreaterThan(1.5);
    const split = resolveData(doc, data!, digits);
    expect([...split.trainRows, ...split.testRows].sort((x, y) => x - y)).toEqual(Array.from({ length: 1797 }, (_, i) => i));
    expect(split.testRows).toHaveLength(360);
    const acc = heldOutAccuracy(a.doc, digits);
    expect(acc.total).toBe(360);
    expect(acc.confusion.flat().reduce((s, x) => s + x, 0)).toBe(360);
  }, 60_000);
});
