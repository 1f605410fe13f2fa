-- Per-EVSE catalog edits (docs/decisions/0018): a connector's format, and EVSEs/connectors retired
-- (kept for their history, no longer offered) instead of deleted.
-- AlterTable
ALTER TABLE "evses" ADD COLUMN     "retired_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "connectors" ADD COLUMN     "format" TEXT NOT NULL DEFAULT 'CABLE',
ADD COLUMN     "retired_at" TIMESTAMPTZ(3);
