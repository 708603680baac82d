import { createStore } from '../../runtime/store.ts';

/**
 * The main window and the pop-out notes window talk over one BroadcastChannel: the main window says
 * which lesson it shows (whenever it changes, and when a notes window asks), the notes window follows.
 */
export const NOTES_CHANNEL = 'rust-backend-workbook.instructor';
export const INSTRUCTOR_MODE_KEY = 'workbook.instructorMode';

export type NotesMessage = { type: 'showing'; slug: string } | { type: 'which' };

export function openNotesChannel(onMessage: (m: NotesMessage) => void): { post(m: NotesMessage): void; close(): void } | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(NOTES_CHANNEL);
  channel.onmessage = (e: MessageEvent<NotesMessage>) => onMessage(e.data);
  return { post: (m) => channel.postMessage(m), close: () => channel.close() };
}

export function readInstructorMode(): boolean {
  try {
    return localStorage.getItem(INSTRUCTOR_MODE_KEY) === 'on';
  } catch {
    return false;
  }
}

export function writeInstructorMode(on: boolean) {
  try {
    if (on) localStorage.setItem(INSTRUCTOR_MODE_KEY, 'on');
    else localStorage.removeItem(INSTRUCTOR_MODE_KEY);
  } catch {
    // remembered for this visit only
  }
}

/** Instructor mode, shared by the checkbox and the notes under the lesson. */
export const instructorMode = createStore(readInstructorMode());
export function setInstructorMode(on: boolean) {
  instructorMode.set(on);
  writeInstructorMode(on);
}
