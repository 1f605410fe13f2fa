/** Minimal client of the admin HTTP API (Bearer key, JSON). */

export interface AdminClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

export class AdminClient {
  constructor(private readonly options: AdminClientOptions) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${this.options.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(new URL(path, this.options.baseUrl), init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the raw text
    }
    return { status: res.status, body: parsed as T };
  }

  /** POST that treats 409 (already exists) as success. Returns 'created' or 'exists'. */
  async create(path: string, body: unknown): Promise<'created' | 'exists'> {
    const res = await this.request('POST', path, body);
    if (res.status === 201 || res.status === 200) return 'created';
    if (res.status === 409) return 'exists';
    throw new AdminApiError(res.status, res.body, `POST ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }

  async get<T = unknown>(path: string): Promise<T> {
    const res = await this.request<T>('GET', path);
    if (res.status !== 200) {
      throw new AdminApiError(res.status, res.body, `GET ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    return res.body;
  }
}

/** Run `fn` over `items` with at most `concurrency` in flight. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
