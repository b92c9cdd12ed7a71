// The playground's modes: each is one native orchestration endpoint (POST /api/v1/<mode>),
// called through the same core (lib/orchestration) with the account's hidden key.
export const PLAYGROUND_MODES = ["chat", "compare", "blend", "judge"] as const;
export type PlaygroundMode = (typeof PLAYGROUND_MODES)[number];

export function isPlaygroundMode(value: string): value is PlaygroundMode {
  return (PLAYGROUND_MODES as readonly string[]).includes(value);
}
