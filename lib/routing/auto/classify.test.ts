import { describe, expect, it } from "vitest";
import type { ChatMessage, ToolDefinition } from "@/lib/providers/types";
import { classifyRequest, LONG_CONTEXT_CHARS, requestClassOf, type RequestClass } from "./classify";

function ask(text: string, history: ChatMessage[] = []): { messages: ChatMessage[] } {
  return { messages: [...history, { role: "user", content: text }] };
}

const cases: Record<RequestClass, string[]> = {
  code: [
    "```python\nprint('hi')\n```\nwhy does this fail?",
    "def add(a, b):\n    return a + b\n\nAdd type hints please.",
    "const x = require('fs');\nWhat does this do?",
    "Fix this: function foo() { return bar.baz(); }",
    "I get a TypeError: undefined is not a function in my React component",
    "How do I reverse a linked list in Rust?",
    "Write a Python script that renames every file in a folder",
    "Why does my SQL query SELECT * FROM users WHERE id = 1 return nothing?",
    "What is the difference between == and === in JavaScript?",
    "Traceback (most recent call last): File \"main.py\", line 3 — what does it mean?",
    "Implement quicksort in C++",
    "Refactor this Java class to use dependency injection",
    "How do I undo the last git commit?",
    "My docker build fails with a syntax error in the Dockerfile",
    "#include <stdio.h>\nint main() { printf(\"hi\"); }",
    "Explain what this regex does: ^[a-z]+$",
    "Write unit tests for my TypeScript parser",
    "public static void main(String[] args) — where do I put my code?",
    "The script crashes with a stack trace when I call console.log(obj)",
    "In C#, how do I read a JSON file?",
  ],
  math: [
    "What is 17 * 23?",
    "2+2",
    "Solve the equation 3x + 5 = 20",
    "What is the derivative of x^2 + 3x?",
    "Compute \\int_0^1 x^2 dx",
    "Prove that the square root of 2 is irrational",
    "What is the probability of rolling two sixes with two dice? Calculate it.",
    "Find the eigenvalues of the matrix [[2, 1], [1, 2]]",
    "∑ of 1/n² for n from 1 to ∞",
    "Factorise the polynomial x^3 - 1",
    "If a train travels 120 km in 1.5 hours, what is its speed? Calculate it as a fraction.",
    "Is 221 divisible by 13? Show the arithmetic.",
    "\\frac{a}{b} + \\frac{c}{d} simplified",
    "Solve for y: y = 2 * 7 - 3",
    "What is 15 percent of 80? Compute the percentage.",
  ],
  quick_chat: [
    "hi",
    "Hello! How are you today?",
    "What's the capital of France?",
    "Thanks, that helped.",
    "Tell me a joke",
    "Translate 'good morning' into Spanish",
    "Who wrote Pride and Prejudice?",
    "What happened on 2024-05-01?",
    "Book a table for 4 at 7pm",
    "What time zone is Tokyo in?",
    "Give me three names for a cat",
    "Is it going to rain in London tomorrow?",
  ],
  general: [
    "Write a 500-word essay about the history of the Roman Empire, covering its founding, expansion under the emperors, " +
      "the crisis of the third century and the fall of the western empire, with attention to economic causes and the role of " +
      "the army. Use a neutral tone and end with a short summary paragraph.",
    "I am planning a two-week trip to Japan in April with my partner. We like food, hiking and quiet places, and we want " +
      "to avoid the biggest crowds during the cherry blossom season. Could you suggest an itinerary that balances cities " +
      "and countryside, with rough travel times between stops?",
  ],
  vision: [],
  tools: [],
  long_context: [],
};

describe("classifyRequest", () => {
  for (const [cls, texts] of Object.entries(cases)) {
    for (const text of texts) {
      it(`${cls}: ${text.slice(0, 60).replace(/\n/g, " ")}`, () => {
        expect(classifyRequest(ask(text))).toBe(cls);
      });
    }
  }

  it("vision: an image part anywhere in the user's turns, whatever the text", () => {
    const messages: ChatMessage[] = [
      { role: "user", content: [{ type: "text", text: "def f(): pass — what is in this picture?" }, { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }] },
      { role: "assistant", content: "A cat." },
      { role: "user", content: "And its colour?" },
    ];
    expect(classifyRequest({ messages })).toBe("vision");
  });

  const tool: ToolDefinition = { type: "function", function: { name: "get_weather", parameters: { type: "object" } } };
  it("tools: tools offered (unless tool_choice is none)", () => {
    expect(classifyRequest({ ...ask("What's the weather in Paris?"), tools: [tool] })).toBe("tools");
    expect(classifyRequest({ ...ask("What's the weather in Paris?"), tools: [tool], tool_choice: "none" })).toBe("quick_chat");
    expect(classifyRequest({ ...ask("hi"), tools: [] })).toBe("quick_chat");
  });

  it("long_context: a big prompt, counted over every message", () => {
    const chunk = "The quick brown fox jumps over the lazy dog. ".repeat(200);
    const history: ChatMessage[] = [];
    while ((history.length / 2) * chunk.length <= LONG_CONTEXT_CHARS) history.push({ role: "user", content: chunk }, { role: "assistant", content: "ok" });
    expect(classifyRequest(ask("Summarise the above.", history))).toBe("long_context");
    expect(classifyRequest(ask("Summarise the above.", history.slice(0, 2)))).toBe("general");
  });

  it("reads the latest user turn, not older ones, for code and maths", () => {
    const history: ChatMessage[] = [{ role: "user", content: "```js\nlet a = 1;\n```" }, { role: "assistant", content: "Fine." }];
    expect(classifyRequest(ask("Thanks!", history))).toBe("quick_chat");
    expect(classifyRequest(ask("What is 12 * 12?", history))).toBe("math");
  });

  it("handles text parts, system prompts and empty content", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: [{ type: "text", text: "You are helpful." }] },
      { role: "user", content: [{ type: "text", text: "Solve" }, { type: "text", text: "x^2 = 4" }] },
      { role: "assistant", content: null, tool_calls: [] },
    ];
    expect(classifyRequest({ messages })).toBe("math");
    expect(classifyRequest({ messages: [{ role: "user", content: "" }] })).toBe("quick_chat");
  });

  it("searches only the head and tail of a huge turn (bounded cost), still finding a fence there", () => {
    const text = "```ts\nconst a = 1;\n```\n" + "word ".repeat(9_000);
    expect(classifyRequest(ask(text))).toBe("code");
  });

  it("answers the same object from its memo", () => {
    const req = ask("2+2");
    expect(classifyRequest(req)).toBe("math");
    req.messages[0]!.content = "hello";
    expect(classifyRequest(req)).toBe("math");
  });

  it("gives the log row auto's memoised class, and classifies other requests without memoising them", () => {
    const routed = ask("2+2");
    expect(classifyRequest(routed)).toBe("math");
    routed.messages[0]!.content = "hello";
    expect(requestClassOf(routed)).toBe("math");
    const logged = ask("2+2");
    expect(requestClassOf(logged)).toBe("math");
    logged.messages[0]!.content = "hello";
    expect(requestClassOf(logged)).toBe("quick_chat");
    expect(classifyRequest(logged)).toBe("quick_chat");
  });
});
