import { describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../../src/api/plugins/error-handler.js';
import { AppError, ERROR_CODES } from '../../../src/shared/errors.js';

describe('error catalogue', () => {
  it('every code has an HTTP status and no stale ones remain', () => {
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expect(HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
  });
  it('carries code, details and cause', () => {
    const cause = new Error('db');
    const e = new AppError('STATION_NOT_FOUND', 'nope', { field: 'id' }, cause);
    expect(e).toMatchObject({ code: 'STATION_NOT_FOUND', details: { field: 'id' }, cause });
  });
});
