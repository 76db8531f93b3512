/*
  Warnings:

  - A unique constraint covering the columns `[thumbnailKey]` on the table `Attachment` will be added. If there are existing duplicate values, this will fail.

*/
-- DropIndex
DROP INDEX "Attachment_conversationId_idx";

-- DropIndex
DROP INDEX "Attachment_messageId_idx";

-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "thumbhash" VARCHAR(64),
ADD COLUMN     "thumbnailKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_thumbnailKey_key" ON "Attachment"("thumbnailKey");

-- CreateIndex
CREATE INDEX "Attachment_messageId_createdAt_idx" ON "Attachment"("messageId", "createdAt");

-- CreateIndex
CREATE INDEX "Attachment_conversationId_createdAt_id_idx" ON "Attachment"("conversationId", "createdAt" DESC, "id" DESC);
