-- CreateTable
CREATE TABLE "cdrs" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "original_of" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_reason" TEXT,
    "quality" JSONB NOT NULL,
    "cpo_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "agreement_id" TEXT,
    "credits_cdr_id" TEXT,
    "replaces_cdr_id" TEXT,
    "id_token" TEXT,
    "station_id" TEXT NOT NULL,
    "evse_no" INTEGER,
    "connector_no" INTEGER,
    "location_id" TEXT,
    "city" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "stopped_at" TIMESTAMPTZ(3) NOT NULL,
    "energy_wh" BIGINT NOT NULL,
    "energy_amount" DECIMAL(14,2) NOT NULL,
    "service_amount" DECIMAL(14,2) NOT NULL,
    "idle_amount" DECIMAL(14,2) NOT NULL,
    "session_fee_amount" DECIMAL(14,2) NOT NULL,
    "total" DECIMAL(14,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "settlement_day" TEXT NOT NULL,
    "location" JSONB NOT NULL,
    "tariff" JSONB NOT NULL,
    "reviewed_by" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "review_note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cdrs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cdr_lines" (
    "cdr_id" TEXT NOT NULL,
    "line_no" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "wh" BIGINT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "tier" TEXT,
    "tariff_id" TEXT,
    "tariff_version" INTEGER,
    "energy_price" DECIMAL(12,4) NOT NULL,
    "service_fee" DECIMAL(12,4) NOT NULL,
    "energy_amount" DECIMAL(14,2) NOT NULL,
    "service_amount" DECIMAL(14,2) NOT NULL,
    "fee_amount" DECIMAL(14,2) NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "split_by" TEXT,

    CONSTRAINT "cdr_lines_pkey" PRIMARY KEY ("cdr_id","line_no")
);

-- CreateTable
CREATE TABLE "disputes" (
    "id" TEXT NOT NULL,
    "cdr_id" TEXT NOT NULL,
    "statement_id" TEXT,
    "raised_by" TEXT NOT NULL,
    "reason" INTEGER NOT NULL,
    "note" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "open_for" TEXT,
    "resolved_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolution_note" TEXT,
    "credit_cdr_id" TEXT,
    "replacement_cdr_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "disputes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settlement_statements" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "period_date" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "cpo_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "period_from" TIMESTAMPTZ(3) NOT NULL,
    "period_to" TIMESTAMPTZ(3) NOT NULL,
    "figures" JSONB NOT NULL,
    "total" DECIMAL(16,2) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settlement_statements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statement_cdrs" (
    "statement_id" TEXT NOT NULL,
    "cdr_id" TEXT NOT NULL,
    "period_kind" TEXT NOT NULL,
    "adjustment" BOOLEAN NOT NULL,

    CONSTRAINT "statement_cdrs_pkey" PRIMARY KEY ("statement_id","cdr_id")
);

-- CreateTable
CREATE TABLE "settlement_queue" (
    "cdr_id" TEXT NOT NULL,
    "period_kind" TEXT NOT NULL,
    "settlement_day" TEXT NOT NULL,

    CONSTRAINT "settlement_queue_pkey" PRIMARY KEY ("cdr_id","period_kind")
);

-- CreateTable
CREATE TABLE "settlement_closes" (
    "kind" TEXT NOT NULL,
    "period_date" TEXT NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settlement_closes_pkey" PRIMARY KEY ("kind","period_date")
);

-- CreateIndex
CREATE UNIQUE INDEX "cdrs_original_of_key" ON "cdrs"("original_of");

-- CreateIndex
CREATE INDEX "cdrs_cpo_id_stopped_at_idx" ON "cdrs"("cpo_id", "stopped_at");

-- CreateIndex
CREATE INDEX "cdrs_provider_id_stopped_at_idx" ON "cdrs"("provider_id", "stopped_at");

-- CreateIndex
CREATE INDEX "cdrs_stopped_at_idx" ON "cdrs"("stopped_at");

-- CreateIndex
CREATE INDEX "cdrs_settlement_day_idx" ON "cdrs"("settlement_day");

-- CreateIndex
CREATE INDEX "cdrs_session_id_idx" ON "cdrs"("session_id");

-- CreateIndex
CREATE UNIQUE INDEX "disputes_open_for_key" ON "disputes"("open_for");

-- CreateIndex
CREATE INDEX "disputes_cdr_id_idx" ON "disputes"("cdr_id");

-- CreateIndex
CREATE INDEX "disputes_status_idx" ON "disputes"("status");

-- CreateIndex
CREATE INDEX "settlement_statements_kind_period_date_idx" ON "settlement_statements"("kind", "period_date");

-- CreateIndex
CREATE INDEX "settlement_statements_provider_id_idx" ON "settlement_statements"("provider_id");

-- CreateIndex
CREATE INDEX "settlement_statements_cpo_id_idx" ON "settlement_statements"("cpo_id");

-- CreateIndex
CREATE UNIQUE INDEX "statement_cdrs_cdr_id_period_kind_key" ON "statement_cdrs"("cdr_id", "period_kind");

-- CreateIndex
CREATE INDEX "settlement_queue_period_kind_settlement_day_idx" ON "settlement_queue"("period_kind", "settlement_day");

-- CreateIndex
CREATE INDEX "charging_sessions_status_idx" ON "charging_sessions"("status");

-- AddForeignKey
ALTER TABLE "cdr_lines" ADD CONSTRAINT "cdr_lines_cdr_id_fkey" FOREIGN KEY ("cdr_id") REFERENCES "cdrs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

