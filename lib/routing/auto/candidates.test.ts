import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import type { ChatMessage, ToolDefinition } from "@/lib/providers/types";
import { capableModels, DEMO_SIMULATORS, eligibleModels, needsOf, type AutoRequest } from "./candidates";

// This file's deployment: the emulator's simulated models, no OpenAI key of its own.
beforeAll(() => {
  process.env.EMULATOR_URL = "http://127.0.0.1:9";
  for (const k of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY"]) delete process.env[k];
  resetEnvForTests();
});

const ids = (list: { entry: { id: string } }[]) => list.map((c) => c.entry.id);
const hi: AutoRequest = { messages: [{ role: "user", content: "hi" }] };

describe("eligibleModels", () => {
  it("offers the chat models served here, never the fault demos, embeddings or unserved providers", () => {
    const list = ids(eligibleModels({ allowedModels: [], byok: null }));
    expect(list).toEqual(expect.arrayContaining(["sim/gpt", "sim/claude", "sim/gemini", "sim/fast"]));
    for (const demo of DEMO_SIMULATORS) expect(list).not.toContain(demo);
    expect(list).not.toContain("sim/embed");
    expect(list.some((id) => id.startsWith("openai/"))).toBe(false);
  });

  it("keeps to the key's allowed_models", () => {
    expect(ids(eligibleModels({ allowedModels: ["sim/claude", "sim/down"], byok: null }))).toEqual(["sim/claude"]);
  });

  it("adds the models the account's own provider keys serve", () => {
    const list = ids(eligibleModels({ allowedModels: [], byok: new Map([["openai", "sk-own-key-0123456789"]]) }));
    expect(list).toContain("openai/gpt-4.1-mini");
    expect(list).not.toContain("openai/text-embedding-3-small");
    expect(list.some((id) => id.startsWith("anthropic/"))).toBe(false);
  });
});

describe("capableModels", () => {
  const all = () => eligibleModels({ allowedModels: [], byok: null });

  it("needs vision for image parts, tools for tools, json for a JSON response format", () => {
    const image: ChatMessage = { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AA" } }] };
    expect(needsOf({ messages: [image] }).vision).toBe(true);
    const tool: ToolDefinition = { type: "function", function: { name: "f" } };
    expect(needsOf({ ...hi, tools: [tool] }).tools).toBe(true);
    expect(needsOf({ ...hi, tools: [tool], tool_choice: "none" }).tools).toBe(false);
    const json = capableModels(all(), needsOf({ ...hi, response_format: { type: "json_object" } }));
    expect(ids(json)).toContain("sim/gpt");
    expect(ids(json)).not.toContain("sim/claude"); // no JSON mode
  });

  it("keeps only models whose context window takes the prompt and whose output limit takes max_tokens", () => {
    const big = "lorem ipsum dolor sit amet ".repeat(40_000); // ~160k tokens
    const longOnes = ids(capableModels(all(), needsOf({ messages: [{ role: "user", content: big }] })));
    expect(longOnes).toContain("sim/gemini"); // 1M window
    expect(longOnes).not.toContain("sim/gpt"); // 128k
    expect(ids(capableModels(all(), needsOf({ ...hi, max_tokens: 10_000_000 })))).toEqual([]);
  });
});
