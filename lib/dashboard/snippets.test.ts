import { describe, expect, it } from "vitest";
import { chatSnippets, curlChatSnippet, pickFirstCallModel, pythonSnippet, typescriptSnippet } from "@/lib/dashboard/snippets";

const BASE = "https://api.example.test/v1";
const KEY = "sk-sy-0123456789abcdefghijABCDEFGHIJ0123456789abc";

describe("chat snippets", () => {
  it("read the key from $SWITCHYARD_API_KEY when no key is given (the overview, the landing page)", () => {
    for (const s of chatSnippets(BASE)) {
      expect(s.code).toContain("SWITCHYARD_API_KEY");
      expect(s.code).not.toMatch(/sk-sy-/); // never a key, masked or not
      expect(s.code).toContain(BASE);
      expect(s.code).toContain("sim/gpt");
    }
  });

  it("fill in the full key and the chosen model when the new-key panel gives them", () => {
    const [curl, python, ts] = chatSnippets(BASE, "sim/fast", KEY);
    expect(curl!.code).toContain(`-H "Authorization: Bearer ${KEY}"`);
    expect(curl!.code).not.toContain("$SWITCHYARD_API_KEY");
    expect(python!.code).toContain(`api_key="${KEY}",`);
    expect(python!.code).not.toContain("import os"); // unused without the environment variable
    expect(ts!.code).toContain(`apiKey: "${KEY}",`);
    for (const s of [curl!, python!, ts!]) {
      expect(s.code).toContain('"sim/fast"');
      expect(s.code).toContain(BASE);
    }
    expect([curl!.id, python!.id, ts!.id]).toEqual(["curl", "python", "typescript"]);
  });

  it("keep the request body of the curl sample valid JSON", () => {
    const body = /-d '([\s\S]*)'$/.exec(curlChatSnippet(BASE, "sim/gpt", KEY))![1]!;
    expect(JSON.parse(body)).toEqual({ model: "sim/gpt", messages: [{ role: "user", content: "Say hello from Switchyard" }] });
    expect(pythonSnippet(BASE)).toContain('os.environ["SWITCHYARD_API_KEY"]');
    expect(typescriptSnippet(BASE)).toContain("process.env.SWITCHYARD_API_KEY");
  });
});

describe("pickFirstCallModel", () => {
  const order = ["sim/gpt", "sim/fast", "openai/gpt-4o-mini"];
  it("takes the best first-call model when the key may use any", () => {
    expect(pickFirstCallModel(order, [])).toBe("sim/gpt");
  });
  it("takes the best one the key's allow-list names", () => {
    expect(pickFirstCallModel(order, ["openai/gpt-4o-mini", "sim/fast"])).toBe("sim/fast");
  });
  it("falls back to the key's first allowed model, and to sim/gpt with nothing to choose from", () => {
    expect(pickFirstCallModel(order, ["anthropic/claude-3-5-haiku"])).toBe("anthropic/claude-3-5-haiku");
    expect(pickFirstCallModel([], [])).toBe("sim/gpt");
  });
});
