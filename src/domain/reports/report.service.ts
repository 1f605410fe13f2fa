import { AppError } from '../../shared/errors.js';
import { shanghaiDayStart } from '../../shared/shanghai-time.js';
import { cityReport, type CityReport, type ReportSource } from './city-report.js';

/** Reports for the platform's administration, over settlement days (Asia/Shanghai). */
export class ReportService {
  constructor(private readonly source: ReportSource) {}

  /** From `from` to `to`, both days included. */
  async cities(from: string, to: string): Promise<CityReport & { from: string; to: string }> {
    if (!shanghaiDayStart(from)) throw new AppError('VALIDATION_FAILED', 'from is a date YYYY-MM-DD', { field: 'from' });
    if (!shanghaiDayStart(to)) throw new AppError('VALIDATION_FAILED', 'to is a date YYYY-MM-DD', { field: 'to' });
    if (to < from) throw new AppError('VALIDATION_FAILED', 'to must not be before from', { field: 'to' });
    const { rows, tiers } = await this.source.cityRows(from, to);
    return { from, to, ...cityReport(rows, tiers) };
  }
}
