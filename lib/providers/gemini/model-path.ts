/** "models/gemini-2.5-flash" and "gemini-2.5-flash" both address the same model. */
export function modelPath(model: string): string {
  const name = model.startsWith("models/") ? model.slice(7) : model;
  return `models/${encodeURIComponent(name)}`;
}
