-- AlterTable
ALTER TABLE "charging_sessions" ADD COLUMN     "agreement_id" TEXT,
ADD COLUMN     "provider_id" TEXT;

-- CreateTable
CREATE TABLE "agreements" (
    "id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_to" TIMESTAMPTZ(3),
    "cities" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agreements_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agreements_provider_id_operator_id_idx" ON "agreements"("provider_id", "operator_id");

-- CreateIndex
CREATE INDEX "agreements_operator_id_idx" ON "agreements"("operator_id");

-- AddForeignKey
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "operators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Sessions recorded before agreements: the paying provider is the token's operator.
UPDATE "charging_sessions" s SET "provider_id" = t."operator_id" FROM "id_tokens" t WHERE t."uid" = s."id_token" AND s."provider_id" IS NULL;
