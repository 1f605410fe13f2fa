-- CreateTable
CREATE TABLE "tariffs" (
    "id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "location_id" TEXT,
    "name" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tariffs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tariff_periods" (
    "tariff_id" TEXT NOT NULL,
    "starts_at" TEXT NOT NULL,
    "energy_price" DECIMAL(12,4) NOT NULL,
    "service_fee" DECIMAL(12,4) NOT NULL,

    CONSTRAINT "tariff_periods_pkey" PRIMARY KEY ("tariff_id","starts_at")
);

-- CreateIndex
CREATE INDEX "tariffs_operator_id_idx" ON "tariffs"("operator_id");

-- CreateIndex
CREATE INDEX "tariffs_location_id_idx" ON "tariffs"("location_id");

-- AddForeignKey
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tariff_periods" ADD CONSTRAINT "tariff_periods_tariff_id_fkey" FOREIGN KEY ("tariff_id") REFERENCES "tariffs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

