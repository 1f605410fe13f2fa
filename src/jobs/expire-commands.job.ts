import type { CommandService } from '../domain/commands/index.js';
import type { Job } from './scheduler.js';

/** Commands that waited too long for an offline station (or for its answer) become timed-out. */
export const expireCommandsJob = (commands: CommandService): Job => ({
  name: 'expire-commands',
  schedule: '*/10 * * * * *',
  leaseMs: 9_000,
  run: () => commands.expireDue(),
});
