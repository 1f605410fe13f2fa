/**
 * Firmware updates of a simulated station: the status sequence a real one reports (Downloading,
 * Downloaded, Installing, Installed), then a reboot that boots with the new version. The new
 * version is the image's file name without its extension (…/acme-2.1.0.bin → acme-2.1.0).
 */
export interface FirmwareJob {
  readonly location: string;
  readonly requestId: number | undefined;
  readonly signed: boolean;
}

export interface FirmwareHooks {
  /** Sends one FirmwareStatusNotification (or the 1.6 signed variant) with this status. */
  report(status: string, job: FirmwareJob): Promise<void>;
  /** Restarts with this firmware version: closes, reconnects, boots. */
  reboot(version: string): Promise<void>;
}

export const versionFromLocation = (location: string): string => {
  const name = location.split(/[/?#]/).filter(Boolean).at(-1) ?? location;
  return name.replace(/\.[A-Za-z0-9]+$/, '').slice(0, 50) || 'unknown';
};

export class StationFirmware {
  /** The last status reported ('Idle' before any update). */
  status = 'Idle';
  current: FirmwareJob | undefined;
  /** Tests: fail the next update at this status (DownloadFailed, InstallationFailed …) instead of finishing. */
  failWith: string | undefined;
  /** Pause between two steps (ms). */
  stepMs = 60;

  constructor(private readonly hooks: FirmwareHooks) {}

  /** Starts an update in the background; answers right away. */
  start(job: FirmwareJob): 'Accepted' | 'AcceptedCanceled' {
    const replaced = this.current !== undefined;
    this.current = job;
    void this.#run(job).catch(() => undefined);
    return replaced ? 'AcceptedCanceled' : 'Accepted';
  }

  async #run(job: FirmwareJob): Promise<void> {
    const step = async (status: string) => {
      await new Promise((r) => setTimeout(r, this.stepMs));
      if (this.current !== job) throw new Error('replaced');
      this.status = status;
      await this.hooks.report(status, job);
    };
    const fail = this.failWith;
    await step('Downloading');
    if (fail === 'DownloadFailed') return this.#end(job, () => step('DownloadFailed'));
    await step('Downloaded');
    if (fail === 'InvalidSignature' && job.signed) return this.#end(job, () => step('InvalidSignature'));
    await step('Installing');
    if (fail === 'InstallationFailed') return this.#end(job, () => step('InstallationFailed'));
    await step('Installed');
    this.current = undefined;
    await new Promise((r) => setTimeout(r, this.stepMs));
    await this.hooks.reboot(versionFromLocation(job.location));
  }

  async #end(job: FirmwareJob, last: () => Promise<void>): Promise<void> {
    this.failWith = undefined;
    await last();
    if (this.current === job) this.current = undefined;
  }
}
