import { createClient } from 'redis';

const create = (url: string) =>
  createClient({ url, socket: { reconnectStrategy: (retries: number) => Math.min(retries * 100, 3_000) } });

export type Redis = ReturnType<typeof create>;

export async function connectRedis(url: string): Promise<Redis> {
  const client = create(url);
  // Errors surface through commands and /readyz; an 'error' listener keeps them from crashing the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}
