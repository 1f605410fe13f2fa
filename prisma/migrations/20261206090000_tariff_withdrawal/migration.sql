-- AlterTable
ALTER TABLE "tariffs" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3);
