-- Local authorization lists (issue 10, docs/decisions/0017): each managed station's confirmed list and the update on its way.
-- CreateTable
CREATE TABLE "station_local_lists" (
    "station_id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 0,
    "entries" JSONB NOT NULL DEFAULT '[]',
    "pending_version" INTEGER,
    "pending_update_type" TEXT,
    "pending_entries" JSONB,
    "pending_command_id" TEXT,
    "full_requested" BOOLEAN NOT NULL DEFAULT true,
    "last_error" TEXT,
    "synced_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "station_local_lists_pkey" PRIMARY KEY ("station_id")
);

-- CreateIndex
CREATE INDEX "station_local_lists_pending_command_id_idx" ON "station_local_lists"("pending_command_id");

