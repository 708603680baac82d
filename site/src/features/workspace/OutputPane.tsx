import { AnsiUp } from 'ansi_up';
import { useEffect, useMemo, useRef } from 'react';

const ansi = new AnsiUp();
ansi.use_classes = true;

/** The project's terminal output, ANSI colours rendered, kept scrolled to the end while it grows. */
export function OutputPane({ text, onClear }: { text: string; onClear(): void }) {
  const html = useMemo(() => ansi.ansi_to_html(text.replace(/\r\n/g, '\n')), [text]);
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [html]);
  return (
    <section className="pane output-pane" aria-labelledby="output-heading">
      <header className="pane-header">
        <h2 id="output-heading">Output</h2>
        <button type="button" className="link-button" onClick={onClear} disabled={!text}>
          Clear
        </button>
      </header>
      {/* Focusable: a keyboard user scrolls long output (axe: scrollable-region-focusable). */}
      <pre ref={ref} className="output" tabIndex={0} role="log" aria-label="Output" aria-live="polite" dangerouslySetInnerHTML={{ __html: html || '<span class="muted">Press Run to start the project, or Check to run the exercise\'s tests.</span>' }} />
    </section>
  );
}
