-- T/CEC across nodes (docs/decisions/0019): the outbound token shared by every node, and Seq blocks per OperatorID.
-- CreateTable
CREATE TABLE "tcec_partner_tokens" (
    "partner_id" TEXT NOT NULL,
    "token_sealed" TEXT,
    "token_hash" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "refresh_at" TIMESTAMPTZ(3),
    "lease_holder" TEXT,
    "lease_until" TIMESTAMPTZ(3),

    CONSTRAINT "tcec_partner_tokens_pkey" PRIMARY KEY ("partner_id")
);

-- CreateTable
CREATE TABLE "tcec_seq_blocks" (
    "operator_id" TEXT NOT NULL,
    "second" BIGINT NOT NULL,
    "last_seq" INTEGER NOT NULL,

    CONSTRAINT "tcec_seq_blocks_pkey" PRIMARY KEY ("operator_id")
);

-- AddForeignKey
ALTER TABLE "tcec_partner_tokens" ADD CONSTRAINT "tcec_partner_tokens_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE CASCADE;
