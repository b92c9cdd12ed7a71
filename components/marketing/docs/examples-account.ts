// Code samples for the account and key-management endpoints on /docs. These are plain JSON
// over HTTPS (no SDK method), so TypeScript uses fetch and Python uses requests.
import type { CodeSample } from "@/components/ui/code-tabs";

function getSamples(base: string, path: string, key = "SWITCHYARD_API_KEY"): CodeSample[] {
  return [
    { id: "curl", label: "curl", code: `curl "${base}${path}" \\\n  -H "Authorization: Bearer $${key}"` },
    {
      id: "ts", label: "TypeScript", code: `const res = await fetch("${base}${path}", {
  headers: { Authorization: \`Bearer \${process.env.${key}}\` },
});
console.log(await res.json());`,
    },
    {
      id: "python", label: "Python", code: `import os, requests

res = requests.get("${base}${path}",
                   headers={"Authorization": f"Bearer {os.environ['${key}']}"})
print(res.json())`,
    },
  ];
}

export const creditsExamples = (base: string) => getSamples(base, "/credits");
export const usageExamples = (base: string) => getSamples(base, "/usage?range=7d");
export const requestsExamples = (base: string) => getSamples(base, "/requests?limit=20&status=502");

export function keysExamples(base: string): CodeSample[] {
  const body = `{
    "name": "ci-pipeline",
    "rpm": 60,
    "tpm": 200000,
    "concurrency": 4,
    "budget": { "daily": "50", "monthly": "500" },
    "allowed_models": ["openai/gpt-4.1-mini", "sim/gpt"],
    "expires_at": "2027-01-31T00:00:00Z",
    "mode": "live"
  }`;
  return [
    {
      id: "curl", label: "curl", code: `# Create (201; the full key is in "key", this once)
curl ${base}/keys \\
  -H "Authorization: Bearer $SWITCHYARD_MANAGEMENT_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${body}'

# Change limits, disable, revoke
curl -X PATCH ${base}/keys/key_123 -H "Authorization: Bearer $SWITCHYARD_MANAGEMENT_KEY" \\
  -H "Content-Type: application/json" -d '{"rpm": 120, "disabled": true}'
curl -X DELETE ${base}/keys/key_123 -H "Authorization: Bearer $SWITCHYARD_MANAGEMENT_KEY"`,
    },
    {
      id: "ts", label: "TypeScript", code: `const headers = {
  Authorization: \`Bearer \${process.env.SWITCHYARD_MANAGEMENT_KEY}\`,
  "Content-Type": "application/json",
};
const created = await fetch("${base}/keys", {
  method: "POST",
  headers,
  body: JSON.stringify({ name: "ci-pipeline", rpm: 60, budget: { daily: "50" }, mode: "test" }),
}).then((r) => r.json());
console.log(created.id, created.key); // store created.key now: it is never shown again

await fetch(\`${base}/keys/\${created.id}\`, { method: "PATCH", headers, body: JSON.stringify({ rpm: 120 }) });`,
    },
    {
      id: "python", label: "Python", code: `import os, requests

headers = {"Authorization": f"Bearer {os.environ['SWITCHYARD_MANAGEMENT_KEY']}"}
created = requests.post("${base}/keys", headers=headers,
                        json={"name": "ci-pipeline", "rpm": 60, "budget": {"daily": "50"}}).json()
print(created["id"], created["key"])  # store the key now: it is never shown again

requests.patch(f"${base}/keys/{created['id']}", headers=headers, json={"disabled": True})`,
    },
  ];
}
