import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { formatCount } from '../format/number';
import { validateDocument, type DocIssue, type LoadResult } from '../graph/load';
import type { GraphDocument } from '../graph/schema';

/** The URL fragment key: `#g=<compressed document>`. */
export const SHARE_KEY = 'g';

/** Links longer than this are refused before decompressing (a hostile link could be huge). */
export const MAX_LINK_CHARS = 2_000_000;
/** And the decompressed JSON may not exceed this (a zip bomb in a link). */
const MAX_JSON_CHARS = 20_000_000;

/**
 * The document as a URL-fragment payload. lz-string is chosen because its URI-safe alphabet needs
 * no further escaping and it compresses repetitive JSON 5-10× with no dependencies.
 */
export const encodeShare = (doc: GraphDocument): string => compressToEncodedURIComponent(JSON.stringify(doc));

const fail = (message: string): LoadResult => ({ ok: false, issues: [{ path: '(link)', message } satisfies DocIssue] });

/** Reads a shared document from a payload; untrusted input, validated exactly like an imported file. */
export function decodeShare(payload: string): LoadResult {
  if (payload.length > MAX_LINK_CHARS) return fail(`the link is too long (${formatCount(payload.length)} characters)`);
  if (!/^[A-Za-z0-9+\-$]*$/.test(payload)) return fail('the link contains characters a Backprop Studio link never has');
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(payload);
  } catch {
    json = null;
  }
  if (!json) return fail('the link is damaged or truncated: it does not decompress');
  if (json.length > MAX_JSON_CHARS) return fail('the linked document is too large');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return fail('the link is damaged or truncated: its content is not JSON');
  }
  return validateDocument(raw);
}

/**
 * The payload of a URL fragment such as `#g=...` (other keys are ignored), or null. Read by hand
 * rather than with URLSearchParams, which would turn the alphabet's "+" into a space: a link
 * written as `#g=` + encodeShare(doc) must work, and so must one percent-encoded by a browser.
 */
export function payloadFromHash(hash: string): string | null {
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if ((eq < 0 ? part : part.slice(0, eq)) !== SHARE_KEY) continue;
    const value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}
