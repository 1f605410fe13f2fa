-- The driver side's map of partners' connectors into our catalog, and its station sync state (issue 9).
-- CreateTable
CREATE TABLE "roaming_connectors" (
    "partner_id" TEXT NOT NULL,
    "partner_connector_id" TEXT NOT NULL,
    "location_id" TEXT NOT NULL,
    "station_id" TEXT NOT NULL,
    "evse_no" INTEGER NOT NULL,
    "connector_no" INTEGER NOT NULL,

    CONSTRAINT "roaming_connectors_pkey" PRIMARY KEY ("partner_id","partner_connector_id")
);

-- CreateTable
CREATE TABLE "roaming_sync_state" (
    "partner_id" TEXT NOT NULL,
    "last_station_sync" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "roaming_sync_state_pkey" PRIMARY KEY ("partner_id")
);

-- CreateIndex
CREATE INDEX "roaming_connectors_station_id_evse_no_connector_no_idx" ON "roaming_connectors"("station_id", "evse_no", "connector_no");
