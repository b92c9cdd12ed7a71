// Integration-test data helpers on the real test database.
import { signUpWithPassword } from "@/lib/auth/accounts";
import { createApiKey } from "@/lib/api-keys/manage-keys";
import { randomBase62 } from "@/lib/ids";

export async function createTestUser(): Promise<{ userId: string; email: string; key: string; keyId: string }> {
  const email = `t-${randomBase62(10).toLowerCase()}@example.test`;
  const user = await signUpWithPassword({ email, password: "correct horse battery", name: "Test" });
  const { key, summary } = await createApiKey(user.id, "test key");
  return { userId: user.id, email, key, keyId: summary.id };
}
