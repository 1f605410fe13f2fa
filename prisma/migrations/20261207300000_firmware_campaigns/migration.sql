-- Firmware campaigns (issue 10, docs/decisions/0017): an image rolled out to many stations, a bounded number at a time.
-- CreateTable
CREATE TABLE "firmware_campaigns" (
    "id" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "retrieve_at" TIMESTAMPTZ(3) NOT NULL,
    "install_at" TIMESTAMPTZ(3),
    "signature" TEXT,
    "signing_certificate" TEXT,
    "expected_version" TEXT,
    "max_concurrent" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "firmware_campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "firmware_campaign_stations" (
    "campaign_id" TEXT NOT NULL,
    "station_id" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "command_id" TEXT NOT NULL,
    "request_id" INTEGER NOT NULL,
    "from_version" TEXT,
    "to_version" TEXT,
    "firmware_status" TEXT,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "firmware_campaign_stations_pkey" PRIMARY KEY ("campaign_id","station_id")
);

-- CreateIndex
CREATE INDEX "firmware_campaigns_status_idx" ON "firmware_campaigns"("status");

-- CreateIndex
CREATE INDEX "firmware_campaign_stations_station_id_state_idx" ON "firmware_campaign_stations"("station_id", "state");

-- CreateIndex
CREATE INDEX "firmware_campaign_stations_command_id_idx" ON "firmware_campaign_stations"("command_id");

-- AddForeignKey
ALTER TABLE "firmware_campaign_stations" ADD CONSTRAINT "firmware_campaign_stations_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "firmware_campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

