// First: starts the type declarations' download before Monaco's modules are evaluated.
import './prefetch-editor-types.ts';
import { useEffect, useRef, useState } from 'react';
import type { CargoDiagnostic, ProjectFiles } from '../../runtime/types.ts';
import { loadEditorTypes, monaco } from './monaco-setup.ts';
import { theme } from '../../shared/theme.ts';
import { followPageTheme, monacoTheme } from './monaco-theme.ts';

/**
 * Monaco with one model per project file. The file tabs switch models; edits go back through
 * `onChange`; when the files change from outside (Reset, Show solution) the models follow.
 */
export interface CodeEditorProps {
  lessonId: string;
  files: ProjectFiles;
  order: string[];
  readOnly(path: string): boolean;
  onChange(path: string, text: string): void;
  /** Compiler diagnostics (the Rust track): markers on each file's model, whether or not it is shown. */
  diagnostics?: CargoDiagnostic[];
  /** Open this file and put the cursor there; a new object each time (a click in Problems). */
  reveal?: { path: string; line: number; column: number } | null;
  /** The Monaco model URIs' folder: keeps the two tracks' models apart. Defaults to lessonId. */
  modelRoot?: string;
}

const SEVERITY: Record<CargoDiagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  note: monaco.MarkerSeverity.Info,
  help: monaco.MarkerSeverity.Hint,
};

export function toMarker(d: CargoDiagnostic): monaco.editor.IMarkerData {
  return {
    severity: SEVERITY[d.severity],
    message: d.message,
    ...(d.code ? { code: d.code } : {}),
    source: 'rustc',
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: Math.max(d.endLine, d.line),
    // A zero-width span still needs a visible squiggle.
    endColumn: d.endLine > d.line || d.endColumn > d.column ? d.endColumn : d.column + 1,
  };
}

function languageOf(path: string) {
  if (path.endsWith('.ts')) return 'typescript';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.md')) return 'markdown';
  if (path.endsWith('.rs')) return 'rust';
  // Monaco has no TOML; its INI tokenizer reads Cargo.toml's [sections] and key = value well enough.
  if (path.endsWith('.toml')) return 'ini';
  return 'plaintext';
}

export function CodeEditor({ lessonId, files, order, readOnly, onChange, diagnostics, reveal, modelRoot = lessonId }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const models = useRef(new Map<string, monaco.editor.ITextModel>());
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const [active, setActive] = useState(order[0] ?? '');
  const revealed = useRef<CodeEditorProps['reveal']>(null);

  useEffect(() => {
    void loadEditorTypes();
    const editor = monaco.editor.create(host.current!, {
      ariaLabel: 'Editor',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      renderLineHighlight: 'line',
      theme: monacoTheme(monaco, theme.get()),
    });
    editorRef.current = editor;
    const unsubscribe = followPageTheme(monaco);
    const owned = models.current;
    return () => {
      unsubscribe();
      editor.dispose();
      for (const m of owned.values()) m.dispose();
      owned.clear();
    };
  }, [modelRoot]);

  // Keep one model per file in sync with the session's files.
  useEffect(() => {
    for (const [path, text] of Object.entries(files)) {
      let model = models.current.get(path);
      if (!model) {
        const uri = monaco.Uri.parse(`file:///${modelRoot}/${path}`);
        model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, languageOf(path), uri);
        if (path.endsWith('.rs')) model.updateOptions({ tabSize: 4 });
        model.onDidChangeContent(() => onChangeRef.current(path, model!.getValue()));
        models.current.set(path, model);
      }
      if (model.getValue() !== text) model.setValue(text);
    }
  }, [files, modelRoot]);

  useEffect(() => {
    if (!diagnostics) return;
    for (const [path, model] of models.current) {
      monaco.editor.setModelMarkers(model, 'cargo', diagnostics.filter((d) => d.file === path).map(toMarker));
    }
  }, [diagnostics, files]);

  useEffect(() => {
    if (reveal && models.current.has(reveal.path)) setActive(reveal.path);
  }, [reveal]);

  useEffect(() => {
    const editor = editorRef.current;
    const model = models.current.get(active);
    if (editor && model && editor.getModel() !== model) {
      editor.setModel(model);
      editor.updateOptions({ readOnly: readOnly(active) });
    }
    if (editor && reveal && reveal !== revealed.current && reveal.path === active && editor.getModel() === model) {
      revealed.current = reveal;
      editor.setPosition({ lineNumber: reveal.line, column: reveal.column });
      editor.revealPositionInCenter({ lineNumber: reveal.line, column: reveal.column });
      editor.focus();
    }
  }, [active, files, readOnly, reveal]);

  return (
    <div className="editor">
      <div className="file-tabs" role="tablist" aria-label="Project files">
        {order.map((path) => (
          <button
            key={path}
            type="button"
            role="tab"
            aria-selected={path === active}
            className={path === active ? 'file-tab active' : 'file-tab'}
            onClick={() => setActive(path)}
            title={readOnly(path) ? `${path} (read-only: part of the exercise)` : path}
          >
            {path}
            {readOnly(path) && <span className="read-only-tag"> read-only</span>}
          </button>
        ))}
      </div>
      <div className="editor-host" ref={host} />
    </div>
  );
}
