// Which real-provider env keys switch the demo off the emulator (names match lib/env.ts).
const NAMES = ["OPENAI", "ANTHROPIC", "GOOGLE", "GEMINI", "MISTRAL", "DEEPSEEK", "XAI", "GROQ", "TOGETHER",
  "FIREWORKS", "OPENROUTER", "CEREBRAS", "COHERE"];

export function hasRealProviderKeys(env: NodeJS.ProcessEnv): boolean {
  return NAMES.some((n) => Boolean(env[`${n}_API_KEY`]?.trim()));
}
