// Gemini 3 rejects a replayed functionCall without the thoughtSignature it came with. OpenAI
// clients cannot carry it, so we remember signatures by the tool-call id we handed out (a
// bounded in-process map) and put them back on replay. On a miss (another instance, a
// restart, history from another model) we send Google's documented placeholder that skips
// the validator, which costs some reasoning continuity but keeps the call valid.
const MAX_ENTRIES = 10_000;
const signatures = new Map<string, string>();

export const SKIP_VALIDATOR_SIGNATURE = "skip_thought_signature_validator";

export function rememberThoughtSignature(toolCallId: string, signature: string): void {
  if (signatures.size >= MAX_ENTRIES) {
    const oldest = signatures.keys().next().value;
    if (oldest !== undefined) signatures.delete(oldest);
  }
  signatures.set(toolCallId, signature);
}

export function recallThoughtSignature(toolCallId: string): string | undefined {
  return signatures.get(toolCallId);
}
