// Cheap "is someone signed in?" for public pages: getServerSession checks the token (and,
// when there is one, its session version: one primary-key read) and never fails the page —
// a broken session or an unreachable database just shows the signed-out header.
import { getServerSession } from "next-auth";
import { unstable_rethrow } from "next/navigation";
import { authOptions } from "@/lib/auth/options";

export async function hasSession(): Promise<boolean> {
  try {
    const session = await getServerSession(authOptions());
    return Boolean(session?.user?.id);
  } catch (err) {
    unstable_rethrow(err); // Next's own control-flow errors (dynamic rendering bail-out) must pass
    return false;
  }
}
