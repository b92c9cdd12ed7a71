// Structured JSON logs. Secrets never reach here: the redact list is a second line of
// defence behind not logging them in the first place.
import pino from "pino";
import { env } from "@/lib/env";

let instance: pino.Logger | null = null;

export function logger(): pino.Logger {
  instance ??= pino({
    level: env().LOG_LEVEL,
    base: { service: "switchyard" },
    redact: {
      paths: [
        "password", "*.password", "apiKey", "*.apiKey", "key", "*.key", "authorization",
        "*.authorization", "headers.authorization", 'headers["x-api-key"]', "body", "*.body",
      ],
      censor: "[redacted]",
    },
  });
  return instance;
}
