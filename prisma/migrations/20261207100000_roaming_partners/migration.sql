-- Roaming partners (issue 9): partners with sealed secrets, the message audit trail, T/CEC tokens we issued, and the replay guard.
-- CreateTable
CREATE TABLE "partners" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'active',
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "tcec_operator_id" TEXT,
    "settings" JSONB NOT NULL,
    "secrets" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partner_messages" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" TEXT,
    "direction" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" INTEGER,
    "error" TEXT,
    "raw" JSONB NOT NULL,
    "decrypted" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tcec_tokens" (
    "token_hash" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tcec_tokens_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "tcec_seen_requests" (
    "operator_id" TEXT NOT NULL,
    "time_stamp" TEXT NOT NULL,
    "seq" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tcec_seen_requests_pkey" PRIMARY KEY ("operator_id","time_stamp","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "partners_tcec_operator_id_key" ON "partners"("tcec_operator_id");

-- CreateIndex
CREATE INDEX "partners_operator_id_idx" ON "partners"("operator_id");

-- CreateIndex
CREATE INDEX "partner_messages_partner_id_id_idx" ON "partner_messages"("partner_id", "id");

-- CreateIndex
CREATE INDEX "partner_messages_at_idx" ON "partner_messages"("at");

-- CreateIndex
CREATE INDEX "tcec_tokens_partner_id_idx" ON "tcec_tokens"("partner_id");

-- CreateIndex
CREATE INDEX "tcec_tokens_expires_at_idx" ON "tcec_tokens"("expires_at");

-- CreateIndex
CREATE INDEX "tcec_seen_requests_seen_at_idx" ON "tcec_seen_requests"("seen_at");

-- AddForeignKey
ALTER TABLE "partners" ADD CONSTRAINT "partners_id_fkey" FOREIGN KEY ("id") REFERENCES "operators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partners" ADD CONSTRAINT "partners_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tcec_tokens" ADD CONSTRAINT "tcec_tokens_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE CASCADE;

