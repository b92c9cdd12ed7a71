-- Session versioning: sessions are stateless JWTs (next-auth 4 credentials needs them), so a
-- token carries the user's session_version from sign-in and is refused once the row's value
-- has moved on. Sign-out, a password change and account deletion bump it, ending every
-- session of the account. Read by primary key, so no extra index is needed.

-- AlterTable
ALTER TABLE "users" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;
