-- Smart charging (issue 10): a site's grid limit shared among its sessions, a station's own maximum,
-- limits stations report, each session's share and charging profile, each station's default profile.
-- AlterTable
ALTER TABLE "stations" ADD COLUMN     "max_power_w" INTEGER;

-- CreateTable
CREATE TABLE "grid_limits" (
    "location_id" TEXT NOT NULL,
    "max_power_w" INTEGER NOT NULL,
    "phases" INTEGER NOT NULL DEFAULT 3,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "grid_limits_pkey" PRIMARY KEY ("location_id")
);

-- CreateTable
CREATE TABLE "session_loads" (
    "session_id" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 1,
    "target_w" INTEGER,
    "sent_w" INTEGER,
    "command_id" TEXT,
    "profile_status" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "accepted_w" INTEGER,
    "answered_at" TIMESTAMPTZ(3),
    "reading_at_answer" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_loads_pkey" PRIMARY KEY ("session_id")
);

-- CreateTable
CREATE TABLE "station_charging_limits" (
    "station_id" TEXT NOT NULL,
    "evse_no" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "limit_w" INTEGER,
    "grid_critical" BOOLEAN NOT NULL DEFAULT false,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "station_charging_limits_pkey" PRIMARY KEY ("station_id","evse_no","source")
);

-- CreateTable
CREATE TABLE "station_default_profiles" (
    "station_id" TEXT NOT NULL,
    "sent_w" INTEGER NOT NULL,
    "command_id" TEXT NOT NULL,
    "profile_status" TEXT NOT NULL,
    "accepted_w" INTEGER,
    "answered_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "station_default_profiles_pkey" PRIMARY KEY ("station_id")
);

-- CreateIndex
CREATE INDEX "session_loads_command_id_idx" ON "session_loads"("command_id");

-- CreateIndex
CREATE INDEX "station_default_profiles_command_id_idx" ON "station_default_profiles"("command_id");

-- AddForeignKey
ALTER TABLE "grid_limits" ADD CONSTRAINT "grid_limits_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_charging_limits" ADD CONSTRAINT "station_charging_limits_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_default_profiles" ADD CONSTRAINT "station_default_profiles_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

