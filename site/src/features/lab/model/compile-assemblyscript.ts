/**
 * Compiling AssemblyScript in the browser with asc's JS API (labs/README.md, "Wasm artifacts"), with the
 * flags `npm run build:wasm` uses, so "your AssemblyScript" differs from the shipped build only by its
 * source. asc and Binaryen are large (~15 MB of JS): they are imported on first use, in a worker.
 */
export interface AscDiagnostic {
  severity: 'error' | 'warning' | 'info';
  code: number;
  message: string;
  /** Offsets into the learner's file; null for messages about other files (the standard library). */
  start: number | null;
  end: number | null;
}

export interface AscOutcome {
  wasm?: Uint8Array;
  diagnostics: AscDiagnostic[];
  /** Set when no module came out; the diagnostics usually say why. */
  error?: string;
  ms: number;
}

export const ASC_FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort='] as const;
const FILE = 'index.ts';

// asc's DiagnosticCategory: 0 pedantic, 1 info, 2 warning, 3 error.
const severityOf = (category: number): AscDiagnostic['severity'] => (category >= 3 ? 'error' : category === 2 ? 'warning' : 'info');

export async function compileAssemblyScript(source: string): Promise<AscOutcome> {
  const started = performance.now();
  const { default: asc } = await import('assemblyscript/asc');
  const out: Record<string, Uint8Array | string> = {};
  const diagnostics: AscDiagnostic[] = [];
  const { error } = await asc.main([FILE, ...ASC_FLAGS, '--outFile', 'out.wasm'], {
    readFile: (name) => (name === FILE ? source : null),
    writeFile: (name, data) => {
      out[name] = data;
    },
    listFiles: () => [],
    reportDiagnostic(d) {
      const own = d.range?.source.normalizedPath === FILE;
      diagnostics.push({
        severity: severityOf(d.category),
        code: d.code,
        message: d.message,
        start: own && d.range ? d.range.start : null,
        end: own && d.range ? d.range.end : null,
      });
    },
  });
  const wasm = out['out.wasm'];
  const ms = performance.now() - started;
  if (error || !(wasm instanceof Uint8Array)) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    return { diagnostics, ms, error: errors > 0 ? `${errors} compile error${errors > 1 ? 's' : ''}` : (error?.message ?? 'asc produced no module') };
  }
  return { wasm, diagnostics, ms };
}

/** Line and column (1-based) of an offset, for messages outside the editor. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
