/** Model listings in each provider's shape. Every simulated model is offered in all three. */
const CREATED = 1_735_689_600; // 2025-01-01, fixed so listings are stable

export function openaiModel(id: string) {
  return { id, object: "model", created: CREATED, owned_by: "switchyard-emulator" };
}

export function openaiModelList(names: string[]) {
  return { object: "list", data: names.map(openaiModel) };
}

export function anthropicModel(id: string) {
  return {
    type: "model",
    id,
    display_name: `${id} (simulated)`,
    created_at: new Date(CREATED * 1000).toISOString(),
  };
}

export function anthropicModelList(names: string[]) {
  const data = names.map(anthropicModel);
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}

export function geminiModel(id: string) {
  return {
    name: `models/${id}`,
    version: "001",
    displayName: `${id} (simulated)`,
    description: "Simulated model served by the Switchyard provider emulator.",
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: ["generateContent", "streamGenerateContent", "countTokens"],
  };
}

export function geminiModelList(names: string[]) {
  return { models: names.map(geminiModel) };
}
