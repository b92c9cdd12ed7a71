import { describe, expect, it } from "vitest";
import { codeSamples } from "@/lib/playground/code-samples";
import {
  blendBody, blendForm, chatBody, chatForm, compareBody, compareForm, DEFAULT_SETTINGS, judgeBody, judgeForm,
} from "@/lib/playground/forms";

const settings = { system: "Be brief.", temperature: 0.2, maxTokens: 300 };

describe("playground forms ↔ API bodies", () => {
  it("compare: models, system + user messages, generation fields — and back", () => {
    const body = compareBody({ models: ["a/x", "b/y"], prompt: "Hi", settings });
    expect(body).toEqual({
      models: ["a/x", "b/y"], messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }], temperature: 0.2, max_tokens: 300,
    });
    expect(compareForm(body)).toEqual({ models: ["a/x", "b/y"], prompt: "Hi", settings });
  });

  it("chat keeps the whole conversation; defaults send no generation fields", () => {
    const turns = [{ role: "user" as const, content: "1" }, { role: "assistant" as const, content: "2" }, { role: "user" as const, content: "3" }];
    const body = chatBody({ model: "auto", turns, settings: DEFAULT_SETTINGS });
    expect(body).toEqual({ model: "auto", messages: turns });
    expect(chatForm(body)).toEqual({ model: "auto", turns, settings: DEFAULT_SETTINGS });
  });

  it("blend sends layers only for moa, samples only for self_moa (one model)", () => {
    const base = { models: ["a/x", "b/y"], synthesizer: "c/z", layers: 3, samples: 5, prompt: "Q", settings: DEFAULT_SETTINGS };
    expect(blendBody({ ...base, strategy: "consensus" })).not.toHaveProperty("layers");
    expect(blendBody({ ...base, strategy: "moa" })).toMatchObject({ layers: 3 });
    const self = blendBody({ ...base, strategy: "self_moa" });
    expect(self).toMatchObject({ models: ["a/x"], samples: 5 });
    expect(blendForm(self)).toMatchObject({ strategy: "self_moa", samples: 5, synthesizer: "c/z", prompt: "Q" });
  });

  it("judge criteria: one per line, blank lines dropped, none = the judge's defaults", () => {
    const base = { contestants: ["a/x", "b/y"], judge: "c/z", prompt: "Q", settings: DEFAULT_SETTINGS };
    expect(judgeBody({ ...base, criteria: "accuracy\n\n brevity \n" })).toMatchObject({ criteria: ["accuracy", "brevity"] });
    expect(judgeBody({ ...base, criteria: "  " })).not.toHaveProperty("criteria");
    expect(judgeForm(judgeBody({ ...base, criteria: "a\nb" }))).toMatchObject({ criteria: "a\nb", judge: "c/z" });
  });
});

describe("copy as code", () => {
  const body = { models: ["a/x", "b/y"], messages: [{ role: "user", content: "It's \"quoted\"" }], temperature: 0.5 };

  it("curl sends the exact body to the mode's endpoint with a key placeholder, shell-quoted", () => {
    const curl = codeSamples("compare", body, "https://sy.example/api/v1")[0]!.code;
    expect(curl).toContain("curl -N https://sy.example/api/v1/compare");
    expect(curl).toContain('Authorization: Bearer $SWITCHYARD_API_KEY');
    const quoted = curl.slice(curl.indexOf("-d '") + 4, curl.lastIndexOf("'"));
    expect(JSON.parse(quoted.replaceAll(`'\\''`, "'"))).toEqual(body);
  });

  it("chat uses the OpenAI SDKs; native modes read the event stream; Python spells JSON its way", () => {
    const [, ts, py] = codeSamples("chat", { model: "auto", messages: [], stream_options: null, flag: true }, "https://sy.example/api/v1");
    expect(ts!.code).toContain('import OpenAI from "openai"');
    expect(ts!.code).toContain('baseURL: "https://sy.example/api/v1"');
    expect(py!.code).toContain("from openai import OpenAI");
    expect(py!.code).toContain('"flag": True');
    expect(py!.code).toContain('"stream_options": None');
    const [, tsNative, pyNative] = codeSamples("judge", body, "https://sy.example/api/v1");
    expect(tsNative!.code).toContain('fetch("https://sy.example/api/v1/judge"');
    expect(pyNative!.code).toContain('requests.post(\n    "https://sy.example/api/v1/judge"');
  });
});
