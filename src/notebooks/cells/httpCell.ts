/**
 * http cells: `GET https://host/path` or `HEAD …`, optionally followed by `Header: value` lines.
 * Read-only requests only; nothing goes through a shell.
 */
import { InputError } from '../../common/errors';

export interface HttpCellRequest {
  method: 'GET' | 'HEAD';
  url: URL;
  headers: Record<string, string>;
}

export function parseHttpCell(text: string): HttpCellRequest {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new InputError('The http cell is empty: write `GET https://…`.');
  const m = /^(?:(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+)?(\S+)(?:\s+HTTP\/[\d.]+)?$/i.exec(lines[0]);
  if (!m) throw new InputError(`The first line of an http cell is "METHOD URL", not "${lines[0].slice(0, 80)}".`);
  const method = (m[1] ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') throw new InputError(`http cells only send GET or HEAD (read-only checks); ${method} is not allowed.`);
  let url: URL;
  try {
    url = new URL(m[2]);
  } catch {
    throw new InputError(`"${m[2].slice(0, 120)}" is not an absolute URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`Only http and https URLs are allowed, not ${url.protocol}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const h = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!h) throw new InputError(`"${line.slice(0, 80)}" is not a header line (Name: value).`);
    headers[h[1]] = h[2];
  }
  return { method, url, headers };
}
