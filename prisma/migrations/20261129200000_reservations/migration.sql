-- CreateTable
CREATE TABLE "reservations" (
    "command_id" TEXT NOT NULL,
    "station_id" TEXT NOT NULL,
    "reservation_id" INTEGER NOT NULL,
    "evse_no" INTEGER,
    "id_token" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "reservations_pkey" PRIMARY KEY ("command_id")
);

-- CreateIndex
CREATE INDEX "reservations_station_id_reservation_id_idx" ON "reservations"("station_id", "reservation_id");

-- CreateIndex
CREATE INDEX "reservations_status_expires_at_idx" ON "reservations"("status", "expires_at");

