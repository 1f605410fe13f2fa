/** A minimal Server-Sent Events reader over fetch, for tests. */
export interface SseEvent {
  id: string | undefined;
  event: string | undefined;
  data: any;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  status = 0;
  #abort = new AbortController();
  #done: Promise<void> = Promise.resolve();

  static async open(url: string, headers: Record<string, string>): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(url, { headers, signal: c.#abort.signal });
    c.status = res.status;
    if (!res.ok || !res.body) return c;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    c.#done = (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += decoder.decode(value, { stream: true });
          let cut: number;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const fields = new Map<string, string>();
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const i = line.indexOf(':');
              fields.set(line.slice(0, i), line.slice(i + 1).trimStart());
            }
            if (fields.has('data')) c.events.push({ id: fields.get('id'), event: fields.get('event'), data: JSON.parse(fields.get('data') ?? 'null') });
          }
        }
      } catch {
        // aborted
      }
    })();
    return c;
  }

  async waitFor(n: number, ms = 3_000): Promise<SseEvent[]> {
    const deadline = Date.now() + ms;
    while (this.events.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.events;
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#done;
  }
}
