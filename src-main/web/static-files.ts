import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
};

export interface StaticFile {
  body: Buffer;
  type: string;
}

/**
 * Reads a file of the built renderer. The path is normalised and must stay under `root`, so
 * `/../` tricks reach nothing else on disk. Unknown paths get index.html (single-page app) unless
 * `spaFallback` is off (report downloads: a missing file is a 404).
 */
export async function readStatic(
  root: string,
  urlPath: string,
  spaFallback = true,
): Promise<StaticFile | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const full = normalize(join(root, rel === '/' ? 'index.html' : rel));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  for (const candidate of spaFallback ? [full, join(root, 'index.html')] : [full]) {
    try {
      const body = await readFile(candidate);
      return { body, type: TYPES[extname(candidate)] ?? 'application/octet-stream' };
    } catch {
      // try the next candidate
    }
  }
  return null;
}
