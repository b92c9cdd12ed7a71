-- Credit holds: a gateway process holds part of an account's balance and admits requests
-- against it in memory, so the request path needs no database write. users.held is the sum
-- of the account's holds; balance − held is what a new hold may take (never below zero).
-- Charges are applied later with the request logs (balance and held both go down).

-- AlterTable
ALTER TABLE "users" ADD COLUMN "held" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD CONSTRAINT "users_held_nonnegative" CHECK ("held" >= 0);

-- CreateTable
CREATE TABLE "credit_holds" (
    "user_id" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_holds_pkey" PRIMARY KEY ("user_id","holder"),
    CONSTRAINT "credit_holds_amount_nonnegative" CHECK ("amount" >= 0)
);

-- CreateIndex
CREATE INDEX "credit_holds_expires_at_idx" ON "credit_holds"("expires_at");

-- AddForeignKey
ALTER TABLE "credit_holds" ADD CONSTRAINT "credit_holds_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
