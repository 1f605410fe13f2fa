-- CreateTable
CREATE TABLE "commands" (
    "id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "station_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "remote_start_id" SERIAL NOT NULL,
    "requested_by" TEXT NOT NULL,
    "response" JSONB,
    "error" TEXT,
    "session_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "commands_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "commands_seq_key" ON "commands"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "commands_remote_start_id_key" ON "commands"("remote_start_id");

-- CreateIndex
CREATE INDEX "commands_station_id_status_seq_idx" ON "commands"("station_id", "status", "seq");

-- CreateIndex
CREATE INDEX "commands_status_expires_at_idx" ON "commands"("status", "expires_at");

