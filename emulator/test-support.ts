import { z } from "zod";

type JsonSchemaInput = Parameters<typeof z.fromJSONSchema>[0];

/**
 * Test helper: does `value` satisfy `schema`? Checked with zod's own JSON Schema reader, an
 * implementation independent of the emulator's sampler.
 */
export function matchesSchema(schema: object, value: unknown): boolean {
  return z.fromJSONSchema(schema as JsonSchemaInput).safeParse(value).success;
}
