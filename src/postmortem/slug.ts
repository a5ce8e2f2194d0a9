/** File-name slugs: lowercase ASCII letters, digits and single dashes, at most 60 characters, cut between words when possible. */

export const MAX_SLUG_LENGTH = 60;

/** "Token cost explosion — tenant Ünïcode!" -> "token-cost-explosion-tenant-unicode". Empty input gives "incident". */
export function slugify(title: string, maxLength = MAX_SLUG_LENGTH): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const max = Math.max(1, maxLength);
  let cut = ascii.slice(0, max);
  // Cut at a word boundary when one is reasonably close to the limit.
  if (ascii.length > max && ascii[max] !== '-') {
    const dash = cut.lastIndexOf('-');
    if (dash >= max / 2) cut = cut.slice(0, dash);
  }
  return cut.replace(/-+$/, '') || 'incident';
}
