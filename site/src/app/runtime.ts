import { chooseRuntime, createRuntimeController } from '../runtime/choose-runtime.ts';
import { createBrowserStorage, withLiveProgress } from '../session/persistence.ts';

/** The page's single runtime controller and storage; views read them, nothing else creates them. */
export const runtimeController = createRuntimeController(() => {
  const params = new URLSearchParams(location.search);
  const timeout = Number(params.get('bootTimeout'));
  return chooseRuntime({
    location,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    online: navigator.onLine,
    storage: localStorage,
    ...(timeout > 0 ? { bootTimeoutMs: timeout } : {}),
  });
});

const live = withLiveProgress(createBrowserStorage());
export const workbookStorage = live.storage;
/** Every lesson's progress mark, live: a passing check shows everywhere at once. */
export const progressStore = live.progress;

/** Resolves to the chosen runtime, or to the reason there is none (shown in the Output pane). */
export async function getRuntime() {
  const s = await runtimeController.start();
  if (s.runtime) return s.runtime;
  const st = s.status;
  return { error: st.state === 'failed' ? `${st.message} ${st.cause}\n${st.remedy}` : 'No runtime is available.' };
}
