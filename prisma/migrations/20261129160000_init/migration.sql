-- CreateTable
CREATE TABLE "operators" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "operators_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "locations" (
    "id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "district" TEXT,
    "address" TEXT NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lng" DOUBLE PRECISION NOT NULL,
    "time_zone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "locations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stations" (
    "id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "location_id" TEXT,
    "password_hash" TEXT NOT NULL,
    "registration_status" TEXT NOT NULL DEFAULT 'Accepted',
    "ocpp_version" TEXT,
    "vendor" TEXT,
    "model" TEXT,
    "serial_number" TEXT,
    "firmware_version" TEXT,
    "firmware_status" TEXT,
    "diagnostics_status" TEXT,
    "heartbeat_interval_sec" INTEGER NOT NULL DEFAULT 300,
    "last_boot_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evses" (
    "id" TEXT NOT NULL,
    "station_id" TEXT NOT NULL,
    "evse_no" INTEGER NOT NULL,
    "max_power_w" INTEGER,

    CONSTRAINT "evses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connectors" (
    "id" TEXT NOT NULL,
    "evse_id" TEXT NOT NULL,
    "station_id" TEXT NOT NULL,
    "evse_no" INTEGER NOT NULL,
    "connector_no" INTEGER NOT NULL,
    "standard" TEXT NOT NULL DEFAULT 'UNKNOWN',
    "max_power_w" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'UNKNOWN',
    "ocpp_status" TEXT,
    "error_code" TEXT,
    "status_at" TIMESTAMPTZ(3),

    CONSTRAINT "connectors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connector_status_history" (
    "id" BIGSERIAL NOT NULL,
    "station_id" TEXT NOT NULL,
    "evse_no" INTEGER NOT NULL,
    "connector_no" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "ocpp_status" TEXT NOT NULL,
    "error_code" TEXT,
    "info" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connector_status_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "id_tokens" (
    "uid" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'RFID',
    "status" TEXT NOT NULL DEFAULT 'Accepted',
    "expires_at" TIMESTAMPTZ(3),
    "group_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "id_tokens_pkey" PRIMARY KEY ("uid")
);

-- CreateTable
CREATE TABLE "charging_sessions" (
    "id" TEXT NOT NULL,
    "ocpp_tx_no" SERIAL NOT NULL,
    "station_id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "ocpp_version" TEXT NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "start_key" TEXT,
    "evse_no" INTEGER,
    "connector_no" INTEGER,
    "id_token" TEXT,
    "auth_status" TEXT,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "stopped_at" TIMESTAMPTZ(3),
    "meter_start_wh" BIGINT,
    "meter_stop_wh" BIGINT,
    "energy_wh" BIGINT,
    "stop_reason" TEXT,
    "last_seq_no" INTEGER,
    "offline" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "charging_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transaction_events" (
    "session_id" TEXT NOT NULL,
    "seq_no" INTEGER NOT NULL,
    "event_type" TEXT NOT NULL,
    "trigger_reason" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "offline" BOOLEAN NOT NULL DEFAULT false,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transaction_events_pkey" PRIMARY KEY ("session_id","seq_no")
);

-- CreateTable
CREATE TABLE "meter_samples" (
    "id" BIGSERIAL NOT NULL,
    "station_id" TEXT NOT NULL,
    "session_id" TEXT,
    "evse_no" INTEGER NOT NULL,
    "sampled_at" TIMESTAMPTZ(3) NOT NULL,
    "measurand" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT '',
    "location" TEXT NOT NULL DEFAULT '',
    "context" TEXT NOT NULL DEFAULT '',
    "value" DECIMAL(20,4) NOT NULL,
    "unit" TEXT NOT NULL,
    "signed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "meter_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "station_variables" (
    "station_id" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "component_instance" TEXT NOT NULL DEFAULT '',
    "evse_no" INTEGER NOT NULL DEFAULT 0,
    "connector_no" INTEGER NOT NULL DEFAULT 0,
    "variable" TEXT NOT NULL,
    "variable_instance" TEXT NOT NULL DEFAULT '',
    "attribute_type" TEXT NOT NULL DEFAULT 'Actual',
    "value" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "station_variables_pkey" PRIMARY KEY ("station_id","component","component_instance","evse_no","connector_no","variable","variable_instance","attribute_type")
);

-- CreateTable
CREATE TABLE "station_events" (
    "id" BIGSERIAL NOT NULL,
    "station_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "station_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "locations_operator_id_idx" ON "locations"("operator_id");

-- CreateIndex
CREATE INDEX "locations_city_idx" ON "locations"("city");

-- CreateIndex
CREATE INDEX "stations_operator_id_idx" ON "stations"("operator_id");

-- CreateIndex
CREATE INDEX "stations_location_id_idx" ON "stations"("location_id");

-- CreateIndex
CREATE UNIQUE INDEX "evses_station_id_evse_no_key" ON "evses"("station_id", "evse_no");

-- CreateIndex
CREATE UNIQUE INDEX "connectors_station_id_evse_no_connector_no_key" ON "connectors"("station_id", "evse_no", "connector_no");

-- CreateIndex
CREATE INDEX "connector_status_history_station_id_occurred_at_idx" ON "connector_status_history"("station_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "connector_status_history_station_id_evse_no_connector_no_oc_key" ON "connector_status_history"("station_id", "evse_no", "connector_no", "occurred_at", "ocpp_status");

-- CreateIndex
CREATE INDEX "id_tokens_operator_id_idx" ON "id_tokens"("operator_id");

-- CreateIndex
CREATE UNIQUE INDEX "charging_sessions_ocpp_tx_no_key" ON "charging_sessions"("ocpp_tx_no");

-- CreateIndex
CREATE UNIQUE INDEX "charging_sessions_start_key_key" ON "charging_sessions"("start_key");

-- CreateIndex
CREATE INDEX "charging_sessions_operator_id_started_at_idx" ON "charging_sessions"("operator_id", "started_at");

-- CreateIndex
CREATE INDEX "charging_sessions_station_id_started_at_idx" ON "charging_sessions"("station_id", "started_at");

-- CreateIndex
CREATE INDEX "charging_sessions_started_at_idx" ON "charging_sessions"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "charging_sessions_station_id_transaction_id_key" ON "charging_sessions"("station_id", "transaction_id");

-- CreateIndex
CREATE INDEX "meter_samples_session_id_sampled_at_idx" ON "meter_samples"("session_id", "sampled_at");

-- CreateIndex
CREATE UNIQUE INDEX "meter_samples_station_id_evse_no_sampled_at_measurand_phase_key" ON "meter_samples"("station_id", "evse_no", "sampled_at", "measurand", "phase", "location", "context");

-- CreateIndex
CREATE INDEX "station_events_station_id_occurred_at_idx" ON "station_events"("station_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "station_events_station_id_kind_dedupe_key_key" ON "station_events"("station_id", "kind", "dedupe_key");

-- AddForeignKey
ALTER TABLE "locations" ADD CONSTRAINT "locations_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stations" ADD CONSTRAINT "stations_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stations" ADD CONSTRAINT "stations_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evses" ADD CONSTRAINT "evses_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_evse_id_fkey" FOREIGN KEY ("evse_id") REFERENCES "evses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "id_tokens" ADD CONSTRAINT "id_tokens_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "charging_sessions" ADD CONSTRAINT "charging_sessions_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transaction_events" ADD CONSTRAINT "transaction_events_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "charging_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meter_samples" ADD CONSTRAINT "meter_samples_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "charging_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

