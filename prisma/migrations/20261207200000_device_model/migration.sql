-- Device management (issue 10): the stored device model per station (attributes with mutability,
-- characteristics), a base report fetched at boot before acceptance, and log files uploaded by
-- stations. See docs/decisions/0016-device-management.md.

-- AlterTable
ALTER TABLE "stations" ADD COLUMN     "boot_report_at" TIMESTAMPTZ(3),
ADD COLUMN     "report_on_boot" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "station_variables" ADD COLUMN     "constant" BOOLEAN,
ADD COLUMN     "mutability" TEXT,
ADD COLUMN     "pending_value" TEXT,
ADD COLUMN     "persistent" BOOLEAN;

-- CreateTable
CREATE TABLE "station_variable_characteristics" (
    "station_id" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "component_instance" TEXT NOT NULL DEFAULT '',
    "evse_no" INTEGER NOT NULL DEFAULT 0,
    "connector_no" INTEGER NOT NULL DEFAULT 0,
    "variable" TEXT NOT NULL,
    "variable_instance" TEXT NOT NULL DEFAULT '',
    "unit" TEXT,
    "data_type" TEXT NOT NULL,
    "min_limit" DOUBLE PRECISION,
    "max_limit" DOUBLE PRECISION,
    "values_list" TEXT,
    "supports_monitoring" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "station_variable_characteristics_pkey" PRIMARY KEY ("station_id","component","component_instance","evse_no","connector_no","variable","variable_instance")
);

-- CreateTable
CREATE TABLE "station_logs" (
    "id" TEXT NOT NULL,
    "station_id" TEXT NOT NULL,
    "command_id" TEXT NOT NULL,
    "request_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "station_status" TEXT,
    "file_name" TEXT,
    "content_type" TEXT,
    "size_bytes" INTEGER,
    "content" BYTEA,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "station_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "station_logs_command_id_key" ON "station_logs"("command_id");

-- CreateIndex
CREATE UNIQUE INDEX "station_logs_token_hash_key" ON "station_logs"("token_hash");

-- CreateIndex
CREATE INDEX "station_logs_station_id_request_id_idx" ON "station_logs"("station_id", "request_id");

-- CreateIndex
CREATE INDEX "station_logs_station_id_requested_at_idx" ON "station_logs"("station_id", "requested_at");
