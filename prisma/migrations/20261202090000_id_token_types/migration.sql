-- Token types follow OCPP 2.0.1 IdTokenEnumType, which 2.0.1 stations are sent with the token.
-- 'RFID' was our name for an ISO 14443 card.
UPDATE "id_tokens" SET "type" = 'ISO14443' WHERE "type" = 'RFID';

-- AlterTable
ALTER TABLE "id_tokens" ALTER COLUMN "type" SET DEFAULT 'ISO14443';
