-- Sign-up hardening (issue #16, point 3): one account per mailbox, a welcome grant keyed by
-- the mailbox rather than the account, and optional email verification for that grant.

-- AlterTable
ALTER TABLE "users" ADD COLUMN "email_normalized" TEXT;

-- Backfill with the rules of lib/auth/normalize-email.ts (change both together): lowercase,
-- trimmed, "+tag" removed from the local part, dots removed at gmail.com, googlemail.com →
-- gmail.com, and a local part that would become empty kept as is. Deleted accounts stay
-- null (their mailbox may sign up again). Where older accounts already share a mailbox, the
-- oldest gets it and the others stay null: they keep working, no new variant gets in.
WITH lowered AS (
  SELECT "id", "created_at", lower(btrim("email")) AS e
  FROM "users" WHERE "deleted_at" IS NULL
), parts AS (
  SELECT "id", "created_at", e,
         substring(e FROM '^(.+)@[^@]+$') AS raw_local,
         CASE substring(e FROM '^.+@([^@]+)$') WHEN 'googlemail.com' THEN 'gmail.com'
              ELSE substring(e FROM '^.+@([^@]+)$') END AS domain
  FROM lowered
), normalized AS (
  SELECT "id", "created_at",
         CASE WHEN raw_local IS NULL THEN e
              ELSE COALESCE(NULLIF(
                     CASE WHEN domain = 'gmail.com' THEN replace(split_part(raw_local, '+', 1), '.', '')
                          ELSE split_part(raw_local, '+', 1) END, ''), raw_local) || '@' || domain
         END AS n
  FROM parts
), ranked AS (
  SELECT "id", n, row_number() OVER (PARTITION BY n ORDER BY "created_at", "id") AS rank FROM normalized
)
UPDATE "users" u SET "email_normalized" = ranked.n FROM ranked WHERE u."id" = ranked."id" AND ranked.rank = 1;

-- CreateIndex
CREATE UNIQUE INDEX "users_email_normalized_key" ON "users"("email_normalized");

-- Welcome grants were keyed "signup:<user id>"; they are now "signup:<sha256 hex of the
-- normalised email>", so deleting and re-creating an account never grants twice. Re-key the
-- existing ones of live accounts the same way (the amount and owner do not change).
UPDATE "ledger_entries" le
SET "source_id" = 'signup:' || encode(sha256(convert_to(u."email_normalized", 'UTF8')), 'hex')
FROM "users" u
WHERE le."kind" = 'grant' AND le."source_id" = 'signup:' || u."id" AND u."email_normalized" IS NOT NULL;

-- CreateTable
CREATE TABLE "email_verifications" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_verifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "email_verifications_token_hash_key" ON "email_verifications"("token_hash");

-- CreateIndex
CREATE INDEX "email_verifications_user_id_idx" ON "email_verifications"("user_id");

-- AddForeignKey
ALTER TABLE "email_verifications" ADD CONSTRAINT "email_verifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
