// Provider keys and base URLs come from env names that only lib/env.ts knows (the provider
// table holds ids, not env names): every provider in the table must be reachable that way.
import { afterEach, describe, expect, it } from "vitest";
import { providerEnv } from "@/lib/env";
import { listProviders } from "@/lib/providers/registry";

const touched: string[] = [];
function setEnv(name: string, value: string): void {
  touched.push(name);
  process.env[name] = value;
}
afterEach(() => {
  for (const name of touched.splice(0)) delete process.env[name];
});

describe("providerEnv", () => {
  it("reads <ID>_API_KEY and <ID>_BASE_URL for every provider in the table", () => {
    const ids = listProviders().filter((p) => !p.custom).map((p) => p.id);
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) {
      const prefix = id.toUpperCase();
      setEnv(`${prefix}_API_KEY`, ` key-${id} `);
      setEnv(`${prefix}_BASE_URL`, `http://127.0.0.1:9/${id}`);
      expect(providerEnv(id)).toEqual({ apiKey: `key-${id}`, baseUrl: `http://127.0.0.1:9/${id}` });
    }
  });

  it("accepts GEMINI_API_KEY for google, and GOOGLE_API_KEY first", () => {
    setEnv("GEMINI_API_KEY", "gemini-key");
    expect(providerEnv("google").apiKey).toBe("gemini-key");
    setEnv("GOOGLE_API_KEY", "google-key");
    expect(providerEnv("google").apiKey).toBe("google-key");
  });

  it("treats blank values as unset and never builds a name from an odd id", () => {
    setEnv("MISTRAL_API_KEY", "   ");
    expect(providerEnv("mistral")).toEqual({ apiKey: undefined, baseUrl: undefined });
    setEnv("MY-LLM_API_KEY", "x");
    expect(providerEnv("my-llm")).toEqual({});
  });
});
