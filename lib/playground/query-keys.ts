// The playground's react-query keys (browser and server prefetch share them).
export const playgroundKeys = {
  history: ["playground", "history"] as const,
  run: (id: string) => ["playground", "run", id] as const,
};
