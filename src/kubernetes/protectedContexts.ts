/**
 * Protected contexts: contexts whose names match a pattern of the setting are read-only until the engineer
 * unlocks them. Patterns are globs matched case-insensitively against the whole context name: `*` is any run of
 * characters, `?` one character. A pattern without `*` or `?` (such as `prod`) matches names that contain it.
 */
export function isProtectedContext(name: string, patterns: readonly string[]): boolean {
  return protectingPattern(name, patterns) !== undefined;
}

/** The first pattern that protects the context (for the banner and messages), or undefined. */
export function protectingPattern(name: string, patterns: readonly string[]): string | undefined {
  const n = name.toLowerCase();
  for (const raw of patterns) {
    const p = raw.trim().toLowerCase();
    if (!p) continue;
    if (!/[*?]/.test(p)) {
      if (n.includes(p)) return raw;
      continue;
    }
    if (globToRegExp(p).test(n)) return raw;
  }
  return undefined;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) {
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[\\^$.|+(){}[\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}
