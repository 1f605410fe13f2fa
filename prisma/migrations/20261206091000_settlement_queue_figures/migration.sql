-- The queue carries each CDR's statement figures and is read in write order (seq).
-- DropIndex
DROP INDEX "settlement_queue_period_kind_settlement_day_idx";

-- AlterTable (nullable first, filled from the CDRs, then required)
ALTER TABLE "settlement_queue" ADD COLUMN     "cdr_kind" TEXT,
ADD COLUMN     "cpo_id" TEXT,
ADD COLUMN     "energy_amount" DECIMAL(14,2),
ADD COLUMN     "energy_wh" BIGINT,
ADD COLUMN     "idle_amount" DECIMAL(14,2),
ADD COLUMN     "provider_id" TEXT,
ADD COLUMN     "seq" BIGSERIAL NOT NULL,
ADD COLUMN     "service_amount" DECIMAL(14,2),
ADD COLUMN     "session_fee_amount" DECIMAL(14,2),
ADD COLUMN     "total" DECIMAL(14,2);

UPDATE "settlement_queue" q SET "provider_id" = c."provider_id", "cpo_id" = c."cpo_id", "cdr_kind" = c."kind", "energy_wh" = c."energy_wh",
  "energy_amount" = c."energy_amount", "service_amount" = c."service_amount", "idle_amount" = c."idle_amount",
  "session_fee_amount" = c."session_fee_amount", "total" = c."total"
FROM "cdrs" c WHERE c."id" = q."cdr_id";

ALTER TABLE "settlement_queue" ALTER COLUMN "cdr_kind" SET NOT NULL,
ALTER COLUMN "cpo_id" SET NOT NULL,
ALTER COLUMN "energy_amount" SET NOT NULL,
ALTER COLUMN "energy_wh" SET NOT NULL,
ALTER COLUMN "idle_amount" SET NOT NULL,
ALTER COLUMN "provider_id" SET NOT NULL,
ALTER COLUMN "service_amount" SET NOT NULL,
ALTER COLUMN "session_fee_amount" SET NOT NULL,
ALTER COLUMN "total" SET NOT NULL;

-- CreateIndex
CREATE INDEX "settlement_queue_period_kind_seq_idx" ON "settlement_queue"("period_kind", "seq");
