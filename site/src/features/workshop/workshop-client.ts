import type { WorkshopStatus } from '../../../../contracts/workshop-protocol.ts';

/**
 * The /workshop page's one call: GET /api/workshop with the page's token. Plain TypeScript (no React),
 * so the page only renders what this returns. A page not served by the runner, or without its token,
 * gets the reason in words.
 */
export type WorkshopFetch = { ok: true; status: WorkshopStatus } | { ok: false; reason: string };

export async function fetchWorkshopStatus(origin: string, token: string | null, fetchImpl: typeof fetch = fetch): Promise<WorkshopFetch> {
  if (!token) return { ok: false, reason: 'This page has no access token for the local runner: open the URL that `npm start` printed (it ends with ?token=…), then come back here.' };
  let res: Response;
  try {
    res = await fetchImpl(new URL('/api/workshop', origin), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
  } catch (e) {
    return { ok: false, reason: `The local runner did not answer (${(e as Error).message}). Is \`npm start\` still running?` };
  }
  const body = (await res.json().catch(() => null)) as Partial<WorkshopStatus> & { error?: string } | null;
  if (res.ok && body && Array.isArray(body.addresses)) return { ok: true, status: body as WorkshopStatus };
  if (res.status === 404) return { ok: false, reason: 'This copy of the workbook is not served by the local runner (or by one too old for workshops): start it with `npm start`.' };
  return { ok: false, reason: `The local runner refused: ${body?.error ?? `HTTP ${res.status}`}` };
}

/** What a learner opens: the address with the token, so their page can run code at once. */
export function learnerUrl(hostPort: string, token: string): string {
  return `http://${hostPort}/?token=${encodeURIComponent(token)}`;
}
