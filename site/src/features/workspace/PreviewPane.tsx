import { useEffect, useRef, useState, type FormEvent } from 'react';

/**
 * The learner's server in an iframe, with Back, Reload and an address field (the path within that
 * server, below the runner's /preview/<capability> prefix), as TutorialKit's preview has. The previewed page runs in
 * an opaque origin (sandboxed), so its address cannot
 * be read: the pane knows the paths it opened itself, and counts the navigations it did not (a link
 * clicked in the page), whose entries are in this tab's history; Back goes back through that history,
 * and only while the preview has somewhere to go back to.
 */
export function PreviewPane({ url }: { url: string | null }) {
  return (
    <section className="pane preview-pane" aria-labelledby="preview-heading">
      <header className="pane-header">
        <h2 id="preview-heading">Preview</h2>
        {url && (
          <a href={url} target="_blank" rel="noreferrer" className="link-button">
            Open in new tab ↗
          </a>
        )}
      </header>
      {url ? <PreviewFrame key={url} url={url} /> : <p className="preview-empty muted">The preview appears here when the server is listening. Press Run.</p>}
    </section>
  );
}

/**
 * The attribute half of the Preview's sandbox (the runner sends the same as a CSP header): served by
 * the local runner, the learner's app is on the workbook's own origin under /preview/<capability>/, so
 * it must run in an opaque origin, never able to read the workbook's storage (the token). A preview on
 * another origin (WebContainer's) is isolated by its origin already and needs it to run its service worker.
 */
export const PREVIEW_FRAME_SANDBOX = 'allow-scripts allow-forms allow-popups allow-modals';

function PreviewFrame({ url }: { url: string }) {
  // The learner's server's root: the runner's /preview/<capability> (or an origin of its own), no trailing slash.
  const origin = rootOf(url);
  const initialPath = pathOf(url);
  const sameOrigin = new URL(url).origin === location.origin;
  // What the frame has shown, oldest first: a path when the pane opened it, null after a link in the page.
  const [stack, setStack] = useState<(string | null)[]>([]);
  const [src, setSrc] = useState(url);
  const [generation, setGeneration] = useState(0);
  const [address, setAddress] = useState(initialPath);
  const pending = useRef<{ kind: 'open'; path: string } | { kind: 'back' } | null>({ kind: 'open', path: initialPath });
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const onLoad = () => {
      const p = pending.current;
      pending.current = null;
      setStack((s) => {
        const next = p?.kind === 'back' ? s.slice(0, -1) : [...s, p?.kind === 'open' ? p.path : null];
        const top = next[next.length - 1];
        setAddress(top ?? '');
        return next;
      });
    };
    el.addEventListener('load', onLoad);
    return () => el.removeEventListener('load', onLoad);
  }, [generation]);

  const open = (path: string) => {
    const clean = path.startsWith('/') ? path : `/${path}`;
    pending.current = { kind: 'open', path: clean };
    setAddress(clean);
    setSrc(`${origin}${clean}`);
  };
  const back = () => {
    if (stack.length < 2) return;
    pending.current = { kind: 'back' };
    // The frame's entries are part of this tab's session history.
    history.back();
  };
  const reload = () => {
    const top = stack[stack.length - 1];
    // A new frame: its history starts again at the page reloaded.
    pending.current = { kind: 'open', path: top ?? initialPath };
    setStack([]);
    setSrc(`${origin}${top ?? initialPath}`);
    setGeneration((g) => g + 1);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open(address.trim() || '/');
  };
  const top = stack[stack.length - 1];

  return (
    <>
      <form className="preview-bar" onSubmit={submit} aria-label="Preview navigation">
        <button type="button" onClick={back} disabled={stack.length < 2} aria-label="Back" title="Back">
          ←
        </button>
        <button type="button" onClick={reload} aria-label="Reload" title="Reload">
          ↻
        </button>
        <input
          type="text"
          className="preview-address"
          aria-label="Address"
          value={address}
          placeholder={top === null ? '(a page opened from a link)' : '/'}
          spellCheck={false}
          onChange={(e) => setAddress(e.target.value)}
        />
      </form>
      <iframe key={generation} ref={frame} title="Preview" src={src} className="preview-frame" {...(sameOrigin ? { sandbox: PREVIEW_FRAME_SANDBOX } : {})} />
    </>
  );
}

/** The server-ready URL is the server's root ("…/preview/<cap>/" or "https://x.example/"): the paths shown start below it. */
function rootOf(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/$/, '')}`;
}

function pathOf(url: string): string {
  const u = new URL(url);
  return `/${u.search}${u.hash}`;
}
