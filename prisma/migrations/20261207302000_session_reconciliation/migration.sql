-- Transaction reconciliation (issue 10, docs/decisions/0017): probes of silent sessions and seqNo gaps of 2.0.1 transactions.
-- CreateTable
CREATE TABLE "session_reconciliations" (
    "session_id" TEXT NOT NULL,
    "probe_command_id" TEXT,
    "probed_at" TIMESTAMPTZ(3),
    "answered_at" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "news_at_probe" INTEGER,
    "seq_no_gaps" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "gaps_checked_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_reconciliations_pkey" PRIMARY KEY ("session_id")
);

-- CreateIndex
CREATE INDEX "session_reconciliations_probe_command_id_idx" ON "session_reconciliations"("probe_command_id");

