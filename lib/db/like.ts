/**
 * A user's search text for Prisma's `contains` / `startsWith`, which become LIKE / ILIKE on
 * PostgreSQL without escaping: `%` and `_` would otherwise match anything (prisma/prisma#19506).
 */
export function likeText(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
