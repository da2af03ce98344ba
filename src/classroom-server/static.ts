import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Serves a built app from `root` (index.html for "/"), so a class needs one address for the page
 * and its session. False when there is no such file, leaving the request to the next handler.
 */
export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<boolean> {
  const rel = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
  const file = join(root, rel);
  if (!file.startsWith(normalize(root) + sep)) return false;
  try {
    if (!(await stat(file)).isFile()) return false;
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(await readFile(file));
    return true;
  } catch {
    return false;
  }
}
