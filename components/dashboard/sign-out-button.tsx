"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      pending={pending}
      onClick={async () => {
        setPending(true);
        try {
          // POST /api/auth/signout also ends the account's sessions server-side (events.signOut in
          // lib/auth/options.ts), so a copied cookie stops working too. No server-side redirect
          // URL: navigate ourselves so NEXTAUTH_URL cannot send us elsewhere.
          await signOut({ redirect: false });
          window.location.assign("/");
        } catch {
          setPending(false);
        }
      }}
    >
      Sign out
    </Button>
  );
}
