import type { Command } from '../commands/command.model.js';
import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { DeviceModelService } from './device-model.service.js';

const DEVICE_MODEL_KINDS = new Set(['get-variables', 'set-variables', 'get-base-report', 'get-report']);

/**
 * Keeps the device model in step with the answers to get and set commands (command.answered):
 * values read, values the station took. Idempotent: the same answer writes the same values.
 */
export function deviceModelFollowUps(deviceModel: Pick<DeviceModelService, 'commandAnswered'>, commands: { get(id: string): Promise<Command | null> }): EventConsumer {
  return {
    name: 'device-model-follow-ups',
    kinds: ['command.answered'],
    async handle(events: readonly StoredEvent[]) {
      for (const e of events) {
        if (!isKind(e, 'command.answered') || !DEVICE_MODEL_KINDS.has(e.payload.kind)) continue;
        const command = await commands.get(e.payload.commandId);
        if (command) await deviceModel.commandAnswered(command);
      }
    },
  };
}
