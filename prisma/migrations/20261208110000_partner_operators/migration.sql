-- A roaming partner connected to several member operators (docs/decisions/0015): the single
-- partners.operator_id becomes the list partner_operators, each partner's one operator moved over.
-- CreateTable
CREATE TABLE "partner_operators" (
    "partner_id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "partner_operators_pkey" PRIMARY KEY ("partner_id","operator_id")
);

-- CreateIndex
CREATE INDEX "partner_operators_operator_id_idx" ON "partner_operators"("operator_id");

-- AddForeignKey
ALTER TABLE "partner_operators" ADD CONSTRAINT "partner_operators_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partner_operators" ADD CONSTRAINT "partner_operators_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Move each partner's operator over
INSERT INTO "partner_operators" ("partner_id", "operator_id", "position") SELECT "id", "operator_id", 0 FROM "partners";

-- DropForeignKey
ALTER TABLE "partners" DROP CONSTRAINT "partners_operator_id_fkey";

-- DropIndex
DROP INDEX "partners_operator_id_idx";

-- AlterTable
ALTER TABLE "partners" DROP COLUMN "operator_id";
