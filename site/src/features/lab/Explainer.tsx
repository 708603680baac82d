/** What the numbers mean for a learner: what concurrency and WebAssembly buy, with the published reference points. */
export function Explainer() {
  return (
    <section className="lab-explainer" aria-labelledby="lab-explainer-title">
      <h2 id="lab-explainer-title">Reading the results</h2>
      <div className="lab-explainer-cols">
        <div>
          <h3>What concurrency buys</h3>
          <ul>
            <li>
              <strong>Waiting overlaps, work does not.</strong> N requests that each wait L ms take about N·L one after another, about L
              with <code>Promise.all</code>, and about ⌈N/k⌉·L with a pool of k. The CPU was idle all along; only the waiting was
              rearranged. In Rust: <code>join_all</code> and <code>buffer_unordered(k)</code> on tokio.
            </li>
            <li>
              <strong>CPU work needs cores.</strong> Workers (threads) split it, but Amdahl’s law bounds the gain: a serial fraction s
              caps the speedup at 1/s, and you never get more than the machine’s cores. Copying input per job (postMessage) is part of
              that serial cost; a SharedArrayBuffer avoids it.
            </li>
            <li>
              <strong>Blocking the event loop costs everyone.</strong> CPU work on the thread that runs callbacks delays every timer and
              response behind it: look at p99, not the mean. In Rust: never block a tokio worker; use <code>spawn_blocking</code> or rayon.
            </li>
          </ul>
        </div>
        <div>
          <h3>What WebAssembly buys</h3>
          <ul>
            <li>
              <strong>Predictable, not magic.</strong> On the SPEC CPU benchmarks, Wasm took 1.45× (Firefox) and 1.55× (Chrome) the
              time of native code (Jangda et al.,{' '}
              <a href="https://www.usenix.org/conference/atc19/presentation/jangda" target="_blank" rel="noreferrer">USENIX ATC 2019</a>).
            </li>
            <li>
              <strong>JIT-optimized JS is fast.</strong> Surma (
              <a href="https://surma.dev/things/js-to-asc/" target="_blank" rel="noreferrer">2021</a>) found optimized AssemblyScript
              and Rust Wasm sometimes slower than the JS V8 had optimized. Expect JS ≈ Wasm on simple loops like FNV-1a and the Leibniz
              series here.
            </li>
            <li>
              <strong>Where Wasm pulls ahead:</strong> SIMD (the blur processes 8 pixels per instruction), integer-heavy inner loops,
              and code that must not wait for the JIT to warm up. <strong>Where it loses:</strong> crossing the boundary — each call and
              each copy in or out of linear memory costs (the boundary workloads).
            </li>
          </ul>
        </div>
      </div>
    </section>
  );
}
