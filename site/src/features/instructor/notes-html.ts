/**
 * A lesson's instructor notes (rendered instructor.md) placed under a heading of the page: a leading
 * `<h1>` is dropped when it only repeats "Instructor notes" (the page already says so), and every
 * heading is shifted so the notes' top level becomes `top` (at most h6). Without this, a lesson page
 * with the notes shown has two h1, and the pop-out window three.
 */
export function notesHtml(html: string, top: number): string {
  const body = html.replace(/^\s*<h1\b[^>]*>\s*Instructor notes\b[\s\S]*?<\/h1>\s*/i, '');
  const levels = [...body.matchAll(/<h([1-6])\b/gi)].map((m) => Number(m[1]));
  if (levels.length === 0) return body;
  const shift = top - Math.min(...levels);
  const level = (n: string) => Math.min(6, Math.max(1, Number(n) + shift));
  return body.replace(/<(\/?)h([1-6])\b/gi, (_m, close: string, n: string) => `<${close}h${level(n)}`);
}
