-- Roaming pushes and charges (issue 9, T/CEC pushes and the driver side): the durable queue of
-- pushes to partners, and the charges that run through a partner (either side).
-- CreateTable
CREATE TABLE "partner_pushes" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "partner_pushes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "roaming_charges" (
    "partner_id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "station_id" TEXT NOT NULL,
    "evse_no" INTEGER NOT NULL,
    "connector_no" INTEGER NOT NULL,
    "partner_connector_id" TEXT NOT NULL,
    "id_token" TEXT,
    "provider_id" TEXT NOT NULL,
    "command_id" TEXT,
    "session_id" TEXT,
    "state" INTEGER NOT NULL DEFAULT 1,
    "started_at" TIMESTAMPTZ(3),
    "stopped_at" TIMESTAMPTZ(3),
    "energy_wh" BIGINT,
    "cdr_id" TEXT,
    "confirm_result" INTEGER,
    "dispute_reason" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "roaming_charges_pkey" PRIMARY KEY ("partner_id","ref")
);

-- CreateIndex
CREATE UNIQUE INDEX "partner_pushes_partner_id_key_key" ON "partner_pushes"("partner_id", "key");

-- CreateIndex
CREATE INDEX "partner_pushes_status_next_at_idx" ON "partner_pushes"("status", "next_at");

-- CreateIndex
CREATE INDEX "partner_pushes_partner_id_id_idx" ON "partner_pushes"("partner_id", "id");

-- CreateIndex
CREATE INDEX "roaming_charges_session_id_idx" ON "roaming_charges"("session_id");

-- CreateIndex
CREATE INDEX "roaming_charges_command_id_idx" ON "roaming_charges"("command_id");

-- CreateIndex
CREATE INDEX "roaming_charges_side_state_idx" ON "roaming_charges"("side", "state");

-- CreateIndex
CREATE INDEX "roaming_charges_partner_id_side_stopped_at_idx" ON "roaming_charges"("partner_id", "side", "stopped_at");
