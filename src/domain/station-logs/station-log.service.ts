import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { Command } from '../commands/command.model.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { logStatusFrom, type StationLog, type UploadedFile } from './station-log.model.js';
import type { StationLogStore } from './station-log.ports.js';

export interface StationLogOptions {
  /** The platform's URL as stations reach it, e.g. http://platform.example:3000 (no trailing slash). */
  readonly publicUrl: () => string;
  readonly maxBytes: number;
}

/** The path under the public URL where stations upload; the secret follows it. */
export const LOG_UPLOAD_PATH = '/uploads/logs/';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Log files from stations: each get-log command gets a one-time upload URL when it is sent (its
 * secret is kept only as a hash, never in the command), the file is kept on the station, and the
 * station's upload status is followed.
 */
export class StationLogService {
  constructor(
    private readonly store: StationLogStore,
    private readonly clock: Clock,
    private readonly options: StationLogOptions,
  ) {}

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /** When a get-log command goes out: a fresh URL for this request. */
  async issueUploadUrl(stationId: string, commandId: string, requestId: number): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.store.issue({ id: newId(), stationId, commandId, requestId, tokenHash: hash(token) }, this.clock.now());
    return `${this.options.publicUrl().replace(/\/$/, '')}${LOG_UPLOAD_PATH}${token}`;
  }

  /** Checked before the body is read: a stranger's upload is refused without taking its bytes. */
  async expectUpload(token: string): Promise<void> {
    if (!(await this.store.expects(hash(token)))) throw new AppError('NOT_FOUND', 'no upload is expected at this URL');
  }

  /** A station's upload: kept once; an unknown or used URL is as good as absent. */
  async receiveUpload(token: string, file: UploadedFile): Promise<StationLog> {
    if (file.content.length > this.options.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `a log file may have at most ${this.options.maxBytes} bytes`);
    const log = await this.store.saveUpload(hash(token), file, this.clock.now());
    if (!log) throw new AppError('NOT_FOUND', 'no upload is expected at this URL');
    return log;
  }

  async statusReported(stationId: string, stationStatus: string, requestId?: number): Promise<void> {
    await this.store.reportStatus(stationId, requestId ?? null, stationStatus, logStatusFrom(stationStatus), this.clock.now());
  }

  /** A get-log that was not accepted: its log will not come. */
  async commandAnswered(c: Command): Promise<void> {
    if (c.kind !== 'get-log' || c.status === 'accepted') return;
    await this.store.reportStatus(c.stationId, c.remoteStartId, c.status === 'rejected' ? 'Rejected' : (c.error ?? c.status).slice(0, 200), 'failed', this.clock.now());
  }

  list(stationId: string, limit = 50): Promise<StationLog[]> {
    return this.store.list(stationId, limit);
  }

  async download(stationId: string, logId: string): Promise<UploadedFile & { log: StationLog }> {
    const file = await this.store.content(stationId, logId);
    if (!file) throw new AppError('NOT_FOUND', `log ${logId} of station ${stationId} has no file`);
    return file;
  }
}
