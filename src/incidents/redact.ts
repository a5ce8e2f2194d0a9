/**
 * Keeping tokens out of the incident log: a deep copy of a value in which every occurrence of a known secret,
 * the value of any credential-like key, and the user:password part of URLs are replaced by [REDACTED].
 */

export const REDACTED = '[REDACTED]';

/** Keys whose values are credentials whatever they contain. */
const SECRET_KEY = /^(authorization|proxy-authorization|password|passwd|token|access[-_]?token|bearer|secret|api[-_]?key|x-api-key|cookie|set-cookie)$/i;

/** Redacts `secrets` (exact strings) and credential-like keys anywhere in `value`; returns a new value. */
export function redactSecrets<T>(value: T, secrets: readonly string[] = []): T {
  const list = [...new Set(secrets.filter((s) => typeof s === 'string' && s !== ''))].sort((a, b) => b.length - a.length);
  return walk(value, list, new Set()) as T;
}

/** Redacts secrets and URL credentials in one string. */
export function redactString(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s !== '') out = out.split(s).join(REDACTED);
  // Bounded scheme and userinfo: linear on long strings (an unbounded pattern backtracks quadratically).
  return out.replace(/\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^/@\s"']{1,512}@/gi, `$1${REDACTED}@`);
}

/** `path` holds the objects on the way down, so a repeated (but not circular) object is copied again. */
function walk(value: unknown, secrets: readonly string[], path: Set<object>): unknown {
  if (typeof value === 'string') return redactString(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : null;
  if (path.has(value)) return '[circular]';
  path.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v) => walk(v, secrets, path));
  } else {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = redactString(k, secrets);
      obj[key] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== '' ? REDACTED : walk(v, secrets, path);
    }
    out = obj;
  }
  path.delete(value);
  return out;
}
