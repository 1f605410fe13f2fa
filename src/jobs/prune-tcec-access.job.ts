import type { Job } from './scheduler.js';

/**
 * Expired T/CEC tokens and replay keys older than the TimeStamp window (such requests are refused
 * by the window anyway) are deleted every 10 minutes; twice the window is kept, to be safe.
 */
export const pruneTcecAccessJob = (
  tokens: { prune(before: Date): Promise<number> },
  replay: { prune(before: Date): Promise<number> },
  windowSeconds: number,
  now: () => Date = () => new Date(),
): Job => ({
  name: 'prune-tcec-access',
  schedule: '0 3-59/10 * * * *',
  leaseMs: 9 * 60_000,
  run: async () => {
    const t = now().getTime();
    const gone = await tokens.prune(new Date(t - 3_600_000));
    const keys = await replay.prune(new Date(t - 2 * windowSeconds * 1000));
    return `tokens ${gone}; replay keys ${keys}`;
  },
});
