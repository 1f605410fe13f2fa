-- Tariffs get versions: today's periods become version 1, valid from the tariff's creation.

-- DropForeignKey
ALTER TABLE "tariff_periods" DROP CONSTRAINT "tariff_periods_tariff_id_fkey";

-- AlterTable
ALTER TABLE "tariffs" ADD COLUMN     "power_type" TEXT;

-- CreateTable
CREATE TABLE "tariff_versions" (
    "tariff_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_to" TIMESTAMPTZ(3),
    "session_fee" DECIMAL(12,4),
    "idle_per_minute" DECIMAL(12,4),
    "idle_grace_minutes" INTEGER,
    "idle_daily_cap" DECIMAL(12,2),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tariff_versions_pkey" PRIMARY KEY ("tariff_id","version")
);

INSERT INTO "tariff_versions" ("tariff_id", "version", "valid_from") SELECT "id", 1, "created_at" FROM "tariffs";

-- AlterTable
ALTER TABLE "tariff_periods" DROP CONSTRAINT "tariff_periods_pkey",
ADD COLUMN     "tier" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1,
ADD CONSTRAINT "tariff_periods_pkey" PRIMARY KEY ("tariff_id", "version", "starts_at");
ALTER TABLE "tariff_periods" ALTER COLUMN "version" DROP DEFAULT;

-- AddForeignKey
ALTER TABLE "tariff_versions" ADD CONSTRAINT "tariff_versions_tariff_id_fkey" FOREIGN KEY ("tariff_id") REFERENCES "tariffs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tariff_periods" ADD CONSTRAINT "tariff_periods_tariff_id_version_fkey" FOREIGN KEY ("tariff_id", "version") REFERENCES "tariff_versions"("tariff_id", "version") ON DELETE CASCADE ON UPDATE CASCADE;
