/**
 * The few lesson facts the lesson page needs as values, kept apart from lesson-schema.ts so the page
 * does not load zod (the schema is the build's and the tests'; the page receives lessons already checked).
 */
export const ARTICLES = {
  'leverage-rust-backend-2026': 'How to Leverage Rust for Robust Backend Development in 2026',
  'top-10-rust-backend-2026': 'Top 10 Best Practices for Rust Backend in 2026',
} as const;

/**
 * Files of a Rust exercise the learner cannot change: the manifest (dependencies are the lesson's, so
 * no path, git or network source can be added) and the integration tests that are its check.
 */
export function isRustLessonOwnedPath(path: string): boolean {
  return path === 'Cargo.toml' || path.startsWith('tests/');
}
