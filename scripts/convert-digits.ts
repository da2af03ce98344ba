/**
 * Converts scikit-learn's copy of the UCI 8×8 handwritten digits (sklearn/datasets/data/digits.csv.gz:
 * 1,797 rows of 64 pixels 0..16 and the label) into public/data/digits.bin, once:
 *
 *   cd /tmp && apt-get download python3-sklearn && dpkg -x python3-sklearn_*.deb sk
 *   npx tsx scripts/convert-digits.ts /tmp/sk/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { encodeDataFile } from '../src/graph/optim/data-file';

const [input, output = 'public/data/digits.bin'] = process.argv.slice(2);
if (!input) throw new Error('usage: tsx scripts/convert-digits.ts path/to/digits.csv.gz [out.bin]');
const rows = gunzipSync(readFileSync(input))
  .toString('utf8')
  .trim()
  .split('\n')
  .map((line) => line.split(',').map(Number));
const n = rows.length;
const images = new Uint8Array(n * 64);
const labels = new Uint8Array(n);
rows.forEach((r, i) => {
  if (r.length !== 65 || !r.every((x) => Number.isInteger(x) && x >= 0 && x <= 16))
    throw new Error(`row ${i + 1} is not 64 pixels 0..16 and a label`);
  images.set(r.slice(0, 64), i * 64);
  labels[i] = r[64];
});
const bytes = encodeDataFile(
  {
    name: 'digits',
    source:
      'UCI Optical Recognition of Handwritten Digits (Alpaydin and Kaynak, 1998), the 8x8 copy shipped in scikit-learn 1.2.1 (Debian python3-sklearn), sklearn/datasets/data/digits.csv.gz',
    license: 'BSD-3-Clause (scikit-learn); the UCI data set is CC BY 4.0',
  },
  {
    images: { shape: [n, 64], scale: 16, bytes: images },
    labels: { shape: [n], scale: 1, bytes: labels },
  },
);
writeFileSync(output, bytes);
console.log(`wrote ${output}: ${n} digits, ${bytes.length} bytes`);
