// Next calls register() once when its server starts (lib/server/next-process.ts in production,
// `next dev` too): this process's background services, loaded inside Next's bundle.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startNextProcessServices } = await import("@/lib/server/next-services");
  startNextProcessServices();
}
