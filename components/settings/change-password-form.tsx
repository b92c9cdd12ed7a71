"use client";

// Changing the password ends every session, this browser's too: on success we clear the
// (now refused) cookie and go to sign-in.
import { useState, useTransition } from "react";
import { signOut } from "next-auth/react";
import { changePasswordAction } from "@/app/dashboard/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export function ChangePasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      noValidate
      className="flex max-w-sm flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        start(async () => {
          const r = await changePasswordAction(current, next);
          if (!r.ok) {
            setError(r.message);
            return;
          }
          await signOut({ redirect: false }).catch(() => undefined);
          window.location.assign("/login");
        });
      }}
    >
      {error ? <Alert>{error}</Alert> : null}
      <Input id="current-password" name="current-password" type="password" label="Current password"
        autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      <Input id="new-password" name="new-password" type="password" label="New password" hint="At least 8 characters."
        autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
      <div>
        <Button type="submit" size="sm" pending={pending} disabled={!current || !next}>Change password</Button>
      </div>
    </form>
  );
}
