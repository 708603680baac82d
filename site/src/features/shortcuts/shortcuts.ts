/** The lesson page's keyboard shortcuts: which action a key press asks for (pure, no DOM lookups). */
export type ShortcutAction = 'run' | 'check' | 'help';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** Focus is in a text field (input, textarea, contenteditable, the editor). */
  inTextField: boolean;
}

export const SHORTCUTS: { keys: string; does: string }[] = [
  { keys: 'Ctrl+Enter (⌘+Enter on a Mac)', does: 'Run the selected track' },
  { keys: 'Ctrl+Shift+Enter (⌘+Shift+Enter)', does: 'Check the selected track' },
  { keys: '?', does: 'Show this list (outside text fields)' },
];

export function shortcutFor(e: KeyPress): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'Enter' && mod && !e.altKey) return e.shiftKey ? 'check' : 'run';
  if (e.key === '?' && !mod && !e.altKey && !e.inTextField) return 'help';
  return null;
}

/** The workspace's own button for an action, found by its accessible name ("Run", "Check"). */
export function findActionButton(root: ParentNode, name: 'Run' | 'Check'): HTMLButtonElement | null {
  const buttons = root.querySelectorAll<HTMLButtonElement>('[role="toolbar"][aria-label="Project actions"] button');
  for (const b of buttons) {
    const label = b.getAttribute('aria-label') ?? visibleName(b);
    if (label === name) return b;
  }
  return null;
}

function visibleName(el: Element): string {
  let text = '';
  for (const node of el.childNodes) {
    if (node.nodeType === 3) text += node.textContent ?? '';
    else if (node.nodeType === 1 && (node as Element).getAttribute('aria-hidden') !== 'true') text += visibleName(node as Element);
  }
  return text.trim();
}
