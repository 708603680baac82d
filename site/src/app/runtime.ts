import { chooseRuntime, createRuntimeController } from '../runtime/choose-runtime.ts';
import { rustAvailability, rustRuntimeOf } from '../runtime/rust-availability.ts';
import { PlaygroundRustRuntime } from '../runtime/rust-playground.ts';
import { createStore, type ReadableStore } from '../runtime/store.ts';
import type { RustRuntime } from '../runtime/types.ts';
import { createBrowserStorage, withLiveProgress } from '../session/persistence.ts';
import { withPassTimes } from '../session/pass-times.ts';

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

const stamped = withPassTimes(createBrowserStorage(), typeof localStorage === 'undefined' ? undefined : localStorage);
const live = withLiveProgress(stamped.storage);
/** When each track last passed (a passing mark stored), per progress key. */
export const passTimes = stamped.passTimes;
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

const PLAYGROUND_CONSENT_KEY = 'workbook.rustPlaygroundConsent';
const consent = createStore(readConsent());
function readConsent(): boolean {
  try {
    return localStorage.getItem(PLAYGROUND_CONSENT_KEY) === 'yes';
  } catch {
    return false;
  }
}
/** The learner agreed that the Rust track's code goes to play.rust-lang.org (hosted only); remembered. */
export const playgroundConsent = {
  store: consent as ReadableStore<boolean>,
  set(value: boolean) {
    consent.set(value);
    try {
      if (value) localStorage.setItem(PLAYGROUND_CONSENT_KEY, 'yes');
      else localStorage.removeItem(PLAYGROUND_CONSENT_KEY);
    } catch {
      // remembered for this visit only
    }
  },
};

let playground: RustRuntime | undefined;
const playgroundRuntime = () => (playground ??= new PlaygroundRustRuntime());

/** Resolves to where the Rust track builds, or to the reason it cannot (shown in the Output pane). */
export async function getRustRuntime(): Promise<RustRuntime | { error: string }> {
  const s = await runtimeController.start();
  return rustRuntimeOf(rustAvailability(runtimeController.selection.get() ?? s, consent.get()), playgroundRuntime);
}
