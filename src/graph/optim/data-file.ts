/**
 * The compact data-set file under public/data: a 4-byte little-endian length, a UTF-8 JSON header
 * of that length, then each field's bytes. Fields are unsigned bytes (pixels 0..16, labels 0..9)
 * read as numbers divided by the field's `scale`, so the digits take 117 KB instead of the
 * megabytes of a float array.
 */
import type { Tensor } from '../../tensor/tensor';
import type { DataSet } from './data';

export const DATA_FORMAT = 'backprop-studio.dataset';

export interface DataFieldHeader {
  readonly shape: readonly number[];
  /** Bytes into the data that follows the header. */
  readonly offset: number;
  /** The number each byte is divided by (16 for 0..16 pixels to 0..1); 1 for labels. */
  readonly scale: number;
}

export interface DataHeader {
  readonly format: typeof DATA_FORMAT;
  readonly name: string;
  /** Where the numbers come from and under which licence. */
  readonly source: string;
  readonly license: string;
  readonly fields: Readonly<Record<string, DataFieldHeader>>;
}

/** The file's bytes from a header (offsets filled in here) and each field's bytes. */
export function encodeDataFile(
  header: Omit<DataHeader, 'fields' | 'format'>,
  fields: Readonly<Record<string, { shape: readonly number[]; scale: number; bytes: Uint8Array }>>,
): Uint8Array {
  let offset = 0;
  const fieldHeaders: Record<string, DataFieldHeader> = {};
  for (const [name, f] of Object.entries(fields)) {
    fieldHeaders[name] = { shape: f.shape, offset, scale: f.scale };
    offset += f.bytes.length;
  }
  const head = new TextEncoder().encode(JSON.stringify({ format: DATA_FORMAT, ...header, fields: fieldHeaders }));
  const out = new Uint8Array(4 + head.length + offset);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  for (const [name, f] of Object.entries(fields)) out.set(f.bytes, 4 + head.length + fieldHeaders[name].offset);
  return out;
}

/**
 * The data set a file holds, every field a float64 tensor whose first axis is the samples.
 * @throws Error saying what is wrong with a file that is not one (truncated, another format).
 */
export function decodeDataFile(bytes: Uint8Array): DataSet & { readonly header: DataHeader } {
  if (bytes.length < 4) throw new Error('not a data-set file: shorter than its header length');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + length > bytes.length) throw new Error(`not a data-set file: a ${length}-byte header in ${bytes.length} bytes`);
  let header: DataHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as DataHeader;
  } catch {
    throw new Error('not a data-set file: its header is not JSON');
  }
  if (header.format !== DATA_FORMAT) throw new Error(`not a data-set file: the format is ${JSON.stringify(header.format)}`);
  const body = bytes.subarray(4 + length);
  const fields: Record<string, Tensor> = {};
  for (const [name, f] of Object.entries(header.fields)) {
    const n = f.shape.reduce((a, b) => a * b, 1);
    if (f.offset + n > body.length) throw new Error(`the data-set file is truncated: field "${name}" needs ${n} bytes at ${f.offset}`);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = body[f.offset + i] / f.scale;
    fields[name] = { shape: f.shape, data };
  }
  return { name: header.name, fields, header };
}
