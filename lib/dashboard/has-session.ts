// Cheap "is someone signed in?" for public pages: reads the JWT only, no database, and
// never fails the page (a broken session just shows the signed-out header).
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
