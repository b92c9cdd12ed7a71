-- Dismissed optimization alerts (issue #22.7; lib/optimization/alerts, statements in
-- lib/sql/alerts.ts). An alert is identified by its rule and subject (alert_key, e.g.
-- "latency:sim/gpt") and the window it fired in (window_start: the hour, or the UTC day): a
-- dismissal hides that window only, so the condition firing again in a later window shows again.
-- Rows older than the rules look back (8 days) are deleted when a new dismissal is written.

-- CreateTable
CREATE TABLE "alert_dismissals" (
    "user_id" TEXT NOT NULL,
    "alert_key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "dismissed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_dismissals_pkey" PRIMARY KEY ("user_id", "alert_key", "window_start"),
    CONSTRAINT "alert_dismissals_key_check" CHECK (char_length("alert_key") BETWEEN 1 AND 300)
);

-- AddForeignKey
ALTER TABLE "alert_dismissals" ADD CONSTRAINT "alert_dismissals_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
