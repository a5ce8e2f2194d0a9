/** File-name slugs: lowercase ASCII letters, digits and single dashes, at most 60 characters. */

export const MAX_SLUG_LENGTH = 60;

/** "Token cost explosion — tenant Ünïcode!" -> "token-cost-explosion-tenant-unicode". Empty input gives "incident". */
export function slugify(title: string, maxLength = MAX_SLUG_LENGTH): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = ascii.slice(0, Math.max(1, maxLength)).replace(/-+$/, '');
  return cut || 'incident';
}
