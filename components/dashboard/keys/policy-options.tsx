"use client";

// The account's routing policy names, for the key settings' "Default policy" select: provided
// once by the keys page rather than passed through every table row and dialog.
import { createContext, useContext, type ReactNode } from "react";

const PolicyOptions = createContext<readonly string[]>([]);

export function PolicyOptionsProvider({ names, children }: { names: readonly string[]; children: ReactNode }) {
  return <PolicyOptions.Provider value={names}>{children}</PolicyOptions.Provider>;
}

export function usePolicyOptions(): readonly string[] {
  return useContext(PolicyOptions);
}
