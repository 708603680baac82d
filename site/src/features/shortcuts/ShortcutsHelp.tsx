import { useEffect, useRef } from 'react';
import { findActionButton, SHORTCUTS, shortcutFor } from './shortcuts.ts';

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [contenteditable="true"], .monaco-editor') !== null;
}

/**
 * The lesson page's shortcuts: Ctrl/Cmd+Enter presses the workspace's Run button, Ctrl/Cmd+Shift+Enter
 * its Check button (on whichever track is shown), `?` opens the list. The listener runs in the capture
 * phase on window, so it also works with the focus in Monaco (before Monaco's own Ctrl+Enter binding).
 */
export function ShortcutsHelp() {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey, altKey: e.altKey, inTextField: inTextField(e.target) });
      if (!action) return;
      if (action === 'help') {
        if (dialog.current && !dialog.current.open) dialog.current.showModal();
      } else {
        const button = findActionButton(document, action === 'run' ? 'Run' : 'Check');
        if (!button) return;
        if (!button.disabled) button.click();
      }
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  return (
    <>
      <button type="button" className="wx-help-button" onClick={() => dialog.current?.showModal()} title="Keyboard shortcuts (?)">
        Keyboard shortcuts
      </button>
      <dialog ref={dialog} className="confirm-dialog wx-shortcuts" aria-labelledby="wx-shortcuts-title">
        <h2 id="wx-shortcuts-title">Keyboard shortcuts</h2>
        <table className="wx-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="dialog-buttons">
          <button type="button" className="primary" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}
