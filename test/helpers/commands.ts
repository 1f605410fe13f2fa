/** Polling helpers for the remote-command API, shared by integration and e2e tests. */
export type ApiGet = (path: string) => Promise<{ status: number; body: any }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The command once it has left pending/sent (or as it stands after `ms`). */
export async function settleCommand(get: ApiGet, id: string, ms = 10_000): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const c = (await get(`/v1/commands/${id}`)).body;
    if (!['pending', 'sent'].includes(c.status) || Date.now() > deadline) return c;
    await sleep(50);
  }
}

/** A start command once the session the station began for it is linked (or as it stands after `ms`). */
export async function commandWithSession(get: ApiGet, id: string, ms = 5_000): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const c = (await get(`/v1/commands/${id}`)).body;
    if (c.sessionId || Date.now() > deadline) return c;
    await sleep(50);
  }
}
