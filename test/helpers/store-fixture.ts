import type { Database } from '../../src/adapters/prisma/database.js';
import { SqlAgreementRepository } from '../../src/adapters/prisma/agreement.repository.js';
import { SqlTokenLookup } from '../../src/adapters/prisma/token.lookup.js';
import { PrismaCatalogRepository } from '../../src/adapters/prisma/catalog.repository.js';
import { GroupCommit } from '../../src/adapters/prisma/group-commit.js';
import { PrismaSessionQueries, PrismaStationQueries } from '../../src/adapters/prisma/queries.js';
import { SqlSessionRepository } from '../../src/adapters/prisma/session.repository.js';
import { SqlStationRepository } from '../../src/adapters/prisma/station.repository.js';
import { AuthorizationService } from '../../src/domain/authorization/index.js';
import { CatalogService } from '../../src/domain/catalog/index.js';
import { SessionService } from '../../src/domain/sessions/index.js';
import { StationService } from '../../src/domain/stations/index.js';
import { ManualClock } from '../../src/shared/clock.js';

/** The domain services wired to real Prisma adapters, as main.ts does, with a manual clock. */
export function storeFixture(db: Database) {
  const clock = new ManualClock('2026-03-01T08:00:00Z');
  const gc = new GroupCommit(db.sql, { maxBatch: 64, maxConcurrent: db.kind === 'pglite' ? 1 : 4 });
  const stationRepo = new SqlStationRepository(db.sql, gc);
  const catalogRepo = new PrismaCatalogRepository(db.prisma);
  const catalog = new CatalogService(catalogRepo);
  const agreements = new SqlAgreementRepository(db.sql);
  const auth = new AuthorizationService(new SqlTokenLookup(db.sql), agreements, clock);
  return {
    db,
    clock,
    gc,
    agreements,
    stationRepo,
    catalog,
    stations: new StationService(stationRepo, clock, { heartbeatIntervalSec: 300, autoRegister: false }),
    sessions: new SessionService(new SqlSessionRepository(db.sql, gc), auth, clock),
    stationQueries: new PrismaStationQueries(db.prisma),
    sessionQueries: new PrismaSessionQueries(db.prisma),
    async seedBasics() {
      await catalogRepo.createOperator({ id: 'OP-A', name: 'Operator A', roles: ['CPO', 'EMSP'] });
      await catalog.createLocation({ id: 'LOC-1', operatorId: 'OP-A', name: 'Site', city: 'Changsha', district: null, address: 'Road 1', lat: 28.2, lng: 112.9, timeZone: 'Asia/Shanghai' });
      await catalog.createStation({ id: 'ST-1', operatorId: 'OP-A', locationId: 'LOC-1', password: 'Xq7-kP2_zR9mW4tY' });
      await catalogRepo.createToken({ uid: 'TOK-OK', operatorId: 'OP-A', type: 'ISO14443', status: 'Accepted', expiresAt: null, groupId: null });
      await catalogRepo.createToken({ uid: 'TOK-BLOCKED', operatorId: 'OP-A', type: 'ISO14443', status: 'Blocked', expiresAt: null, groupId: null });
    },
  };
}
