import { useEffect, useRef } from 'react';
import { monaco } from './assemblyscript-language.ts';
import { theme } from '../../../shared/theme.ts';
import { followPageTheme, monacoTheme } from '../../editor/monaco-theme.ts';

export interface EditorMarker {
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

interface Props {
  uri: string;
  language: string;
  value: string;
  ariaLabel: string;
  markers?: EditorMarker[];
  onChange(text: string): void;
}

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };

/** One Monaco editor on one model; outside changes (Reset) flow in, edits flow out through onChange. */
export function KernelEditor({ uri, language, value, ariaLabel, markers = [], onChange }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const model = useRef<monaco.editor.ITextModel | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const m = monaco.editor.getModel(monaco.Uri.parse(uri)) ?? monaco.editor.createModel(value, language, monaco.Uri.parse(uri));
    const editor = monaco.editor.create(host.current!, {
      model: m,
      ariaLabel,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      theme: monacoTheme(monaco, theme.get()),
    });
    const unsubscribe = followPageTheme(monaco);
    model.current = m;
    const sub = m.onDidChangeContent(() => onChangeRef.current(m.getValue()));
    return () => {
      unsubscribe();
      sub.dispose();
      editor.dispose();
      m.dispose();
      model.current = null;
    };
    // The editor is made once per mount; `value` changes are applied by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [uri, language, ariaLabel]);

  useEffect(() => {
    const m = model.current;
    if (m && m.getValue() !== value) m.setValue(value);
  }, [value]);

  useEffect(() => {
    const m = model.current;
    if (!m) return;
    monaco.editor.setModelMarkers(
      m,
      'asc',
      markers.map((d) => {
        const start = m.getPositionAt(d.start);
        const end = m.getPositionAt(Math.max(d.end, d.start + 1));
        return { message: d.message, severity: SEVERITY[d.severity], startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
      }),
    );
  }, [markers]);

  return <div className="lab-editor-host" ref={host} />;
}
