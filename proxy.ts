// Route protection for the dashboard (Next 16 renamed middleware.ts to proxy.ts). Pages
// check the session on the server as well; this only saves a render for signed-out users.
import { withAuth } from "next-auth/middleware";

export default withAuth({ pages: { signIn: "/login" } });

export const config = { matcher: ["/dashboard/:path*"] };
