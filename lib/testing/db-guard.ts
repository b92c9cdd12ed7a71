// Integration tests truncate tables. Refuse to touch any database not made for tests.
import { env } from "@/lib/env";

export function assertTestDatabase(): void {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("Integration tests need DATABASE_URL (run them through `npm test`).");
  const name = new URL(url).pathname.slice(1);
  if (!name.endsWith("_test")) {
    throw new Error(`Refusing to run integration tests against database '${name}': its name must end in '_test'.`);
  }
}
