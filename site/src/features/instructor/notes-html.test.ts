import { describe, expect, it } from 'vitest';
import { notesHtml } from './notes-html.ts';

describe('notesHtml', () => {
  it('drops a leading "Instructor notes" h1 and puts the rest under the given level', () => {
    const html = '<h1 id="x">Instructor notes: Async I/O</h1>\n<p><strong>Time box</strong></p>\n<h2>Suggested timeline</h2><h3>Part</h3>';
    expect(notesHtml(html, 3)).toBe('<p><strong>Time box</strong></p>\n<h3>Suggested timeline</h3><h4>Part</h4>');
    expect(notesHtml(html, 2)).toBe('<p><strong>Time box</strong></p>\n<h2>Suggested timeline</h2><h3>Part</h3>');
  });

  it('keeps an h1 with other text, moved down; notes without headings are unchanged', () => {
    expect(notesHtml('<h1>Timeline</h1><h2>Start</h2>', 3)).toBe('<h3>Timeline</h3><h4>Start</h4>');
    expect(notesHtml('<p>Time box: 30 minutes.</p>', 3)).toBe('<p>Time box: 30 minutes.</p>');
  });

  it('never goes below h6, and leaves words that merely start with h alone', () => {
    expect(notesHtml('<h2>a</h2><h6>b</h6><header>c</header><hr>', 4)).toBe('<h4>a</h4><h6>b</h6><header>c</header><hr>');
  });
});
