-- Security profiles 2 and 3 per station, key rotation with a pending key, and the certificates
-- the platform's CA issued to stations (SignCertificate). See docs/decisions/0012-security-profiles-and-certificates.md.

-- AlterTable
ALTER TABLE "stations" ADD COLUMN     "pending_password_command_id" TEXT,
ADD COLUMN     "pending_password_hash" TEXT,
ADD COLUMN     "security_profile" INTEGER NOT NULL DEFAULT 1,
ALTER COLUMN "password_hash" DROP NOT NULL;

-- CreateTable
CREATE TABLE "station_certificates" (
    "id" TEXT NOT NULL,
    "station_id" TEXT NOT NULL,
    "certificate_type" TEXT NOT NULL,
    "csr" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "error" TEXT,
    "subject" TEXT NOT NULL,
    "certificate" TEXT,
    "serial_number" TEXT,
    "not_before" TIMESTAMPTZ(3),
    "not_after" TIMESTAMPTZ(3),
    "command_id" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "issued_at" TIMESTAMPTZ(3),

    CONSTRAINT "station_certificates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "station_certificates_station_id_requested_at_idx" ON "station_certificates"("station_id", "requested_at");

-- AddForeignKey
ALTER TABLE "station_certificates" ADD CONSTRAINT "station_certificates_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

