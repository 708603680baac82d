/**
 * AssemblyScript in Monaco: TypeScript's highlighting under its own language id, so Monaco's TypeScript
 * worker does not type-check it (it would reject `usize`, `load<u8>` and the other AssemblyScript
 * builtins). Its real diagnostics come from asc and are shown as markers.
 */
import { conf, language } from 'monaco-editor/languages/definitions/typescript/typescript';
import { monaco } from '../../editor/monaco-setup.ts';

export const ASSEMBLYSCRIPT = 'assemblyscript';

if (!monaco.languages.getLanguages().some((l) => l.id === ASSEMBLYSCRIPT)) {
  monaco.languages.register({ id: ASSEMBLYSCRIPT });
  monaco.languages.setMonarchTokensProvider(ASSEMBLYSCRIPT, language);
  monaco.languages.setLanguageConfiguration(ASSEMBLYSCRIPT, conf);
}

export { monaco };
