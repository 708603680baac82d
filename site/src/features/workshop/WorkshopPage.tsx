import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { WorkshopAddress, WorkshopStatus } from '../../../../contracts/workshop-protocol.ts';
import { readToken } from '../../runtime/choose-runtime.ts';
import { fetchWorkshopStatus, learnerUrl } from './workshop-client.ts';

const REFRESH_MS = 4000;

/**
 * /workshop, for the instructor: the addresses learners open (with a QR code each), how many browsers
 * are connected and how many runs are in progress or waiting, refreshed every few seconds. When the
 * runner listens on this machine only, how to open it to the room and what that exposes.
 */
export default function WorkshopPage() {
  const [token] = useState(() => readToken(location, localStorage));
  const [state, setState] = useState<{ status?: WorkshopStatus; problem?: string }>({});

  useEffect(() => {
    document.title = 'Workshop · Rust Backend Workbook';
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const r = await fetchWorkshopStatus(location.origin, token);
      if (stopped) return;
      setState(r.ok ? { status: r.status } : { problem: r.reason });
      timer = setTimeout(() => void tick(), REFRESH_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token]);

  const { status, problem } = state;
  return (
    <main className="wx-workshop">
      <h1>Workshop</h1>
      {problem && (
        <p role="alert" className="wx-workshop-problem">
          {problem}
        </p>
      )}
      {!status && !problem && <p className="muted">Asking the local runner…</p>}
      {status && <Room status={status} />}
      {status?.listening === 'exposed' && token && <Addresses addresses={status.addresses} port={status.port} token={token} />}
      {status?.listening === 'loopback' && <LoopbackOnly />}
    </main>
  );
}

function Room({ status }: { status: WorkshopStatus }) {
  const { runs } = status;
  return (
    <section aria-labelledby="wx-room" className="wx-workshop-room">
      <h2 id="wx-room">The room now</h2>
      <dl className="wx-workshop-counts" aria-live="polite">
        <div>
          <dt>Browsers connected</dt>
          <dd>{status.connected}</dd>
        </div>
        <div>
          <dt>Runs in progress</dt>
          <dd>
            {runs.running} <span className="muted">of {runs.maxConcurrent} at once</span>
          </dd>
        </div>
        <div>
          <dt>Runs waiting</dt>
          <dd>
            {runs.queued} <span className="muted">(queue holds {runs.maxQueued})</span>
          </dd>
        </div>
      </dl>
      <p className="muted">
        Connected: a distinct address that used the runner with the token in the last {status.activeSeconds / 60} minutes (this browser included).
        Refreshed every {REFRESH_MS / 1000} s.
      </p>
    </section>
  );
}

function Addresses({ addresses, port, token }: { addresses: WorkshopAddress[]; port: number; token: string }) {
  return (
    <section aria-labelledby="wx-addresses">
      <h2 id="wx-addresses">Addresses to give out</h2>
      {addresses.length === 0 ? (
        <p>
          The runner listens beyond this machine on port {port}, but this machine has no network address other machines could use (no
          non-internal interface). Connect it to the room’s network, then restart <code>npm start -- --host 0.0.0.0</code>.
        </p>
      ) : (
        <>
          <p className="muted">
            Learners open one of these on the same network (the link holds the access token: give it only to the room). The Preview works
            for them too.
          </p>
          <ul className="wx-workshop-addresses">
            {addresses.map((a) => (
              <AddressCard key={a.hostPort} address={a} url={learnerUrl(a.hostPort, token)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function AddressCard({ address, url }: { address: WorkshopAddress; url: string }) {
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 220 }).then(
      (data) => live && setQr(data),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <li className="wx-workshop-address">
      {qr ? <img src={qr} width={220} height={220} alt={`QR code for ${url}`} /> : <div className="wx-workshop-qr-placeholder" aria-hidden="true" />}
      <div>
        <p className="wx-workshop-url">
          <a href={url}>{url}</a>
        </p>
        <p className="muted">
          {address.family} on {address.interface}
        </p>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(url)}>
          Copy address
        </button>
      </div>
    </li>
  );
}

function LoopbackOnly() {
  return (
    <section aria-labelledby="wx-loopback">
      <h2 id="wx-loopback">Only this machine can open the workbook</h2>
      <p>
        The runner listens on this machine only (127.0.0.1 and [::1]), so there are no addresses to give out. To run a workshop from this
        machine, stop <code>npm start</code> and start it again with
      </p>
      <pre>
        <code>npm start -- --host 0.0.0.0</code>
      </pre>
      <p>then come back to this page for the addresses and their QR codes.</p>
      <p className="wx-workshop-warning">
        <strong>What that exposes:</strong> anyone who can reach this machine and has the access token can run any code on it as your user
        (inside the sandbox, when bubblewrap is installed; without it <code>--host</code> refuses to start unless you add{' '}
        <code>--unsafe-no-sandbox</code>). The token travels in plain HTTP, so anyone on the same network path can read it. Use it on a network
        you trust, and stop the runner after the workshop.
      </p>
    </section>
  );
}
