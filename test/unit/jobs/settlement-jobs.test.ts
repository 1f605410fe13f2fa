import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { closeSettlementJob, provisionalSettlementJob } from '../../../src/jobs/settlement.jobs.js';

describe('settlement jobs', () => {
  it('the close waits until pricing has caught up, then closes what is due', async () => {
    const calls: string[] = [];
    let caughtUp!: () => void;
    const pricing = new Promise<void>((r) => (caughtUp = r));
    const job = closeSettlementJob(
      {
        closeDue: async () => (calls.push('close'), { day: ['2026-12-05'], month: [] }),
        run: async () => undefined,
      },
      async () => (calls.push('wait'), await pricing),
    );
    const running = job.run();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['wait']);
    caughtUp();
    expect(await running).toBe('days 2026-12-05; months -');
    expect(calls).toEqual(['wait', 'close']);
  });

  it('the close runs hourly at :05 and the provisional runs at :07, :17 …, never at the same minute', () => {
    const close = closeSettlementJob({ closeDue: async () => ({ day: [], month: [] }), run: async () => undefined }, async () => {});
    const provisional = provisionalSettlementJob({ closeDue: async () => ({ day: [], month: [] }), run: async () => undefined }, () => '2026-12-06');
    expect(cron.validate(close.schedule) && cron.validate(provisional.schedule)).toBe(true);
    expect(close.schedule.split(' ').slice(0, 2)).toEqual(['0', '5']);
    expect(provisional.schedule.split(' ')[1]).toBe('7-59/10');
  });
});
