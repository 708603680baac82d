/** Path -> UTF-8 text. The only shape in which project files travel between editor, runtimes and runner. */
export type ProjectFiles = Record<string, string>;

export type ScriptName = 'run' | 'check';

export interface RunExit {
  code: number | null;
  signal: string | null;
  /** Why the run ended when it was not by itself. */
  reason?: 'stopped' | 'timeout' | 'output-limit' | 'error';
  message?: string;
}
