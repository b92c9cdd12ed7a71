// Generates once and keeps under .data/ the secrets a local install needs (session signing),
// so sessions survive restarts without anyone configuring anything.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function localSecret(name: string, dir = path.resolve(".data")): string {
  const file = path.join(dir, "secrets.json");
  const all: Record<string, string> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  if (!all[name]) {
    all[name] = crypto.randomBytes(32).toString("base64url");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
  }
  return all[name]!;
}
