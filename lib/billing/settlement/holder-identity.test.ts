// A holder name is `<instance>~<incarnation>`: the instance survives a restart, the
// incarnation does not (holder-identity.ts).
import os from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { INCARNATION_PATTERN, newHolderIdentity } from "@/lib/billing/settlement/holder-identity";

const saved = {
  PORT: process.env.PORT, HOST: process.env.HOST, HOLDER_INSTANCE: process.env.HOLDER_INSTANCE,
  SWITCHYARD_ROLE: process.env.SWITCHYARD_ROLE, SWITCHYARD_WORKER_SLOT: process.env.SWITCHYARD_WORKER_SLOT,
};

function setEnv(vars: Partial<typeof saved>): void {
  for (const [k, v] of Object.entries({ ...saved, ...vars })) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}

afterEach(() => setEnv(saved));

describe("credit holder identity", () => {
  it("names the instance by host and bound address, and each start by a new incarnation", () => {
    setEnv({ PORT: "4123", HOST: "127.0.0.1", HOLDER_INSTANCE: undefined });
    const a = newHolderIdentity();
    const b = newHolderIdentity();
    expect(a.instance).toBe(`${os.hostname()}/127.0.0.1:4123`);
    expect(b.instance).toBe(a.instance);
    expect(a.holder).not.toBe(b.holder);
    for (const id of [a, b]) {
      expect(id.holder.startsWith(`${id.instance}~`)).toBe(true);
      expect(id.holder.slice(id.instance.length + 1)).toMatch(new RegExp(INCARNATION_PATTERN));
    }
  });

  it("takes HOLDER_INSTANCE as given, and gives a random port no stable instance", () => {
    setEnv({ HOLDER_INSTANCE: "eu-1.gw:7" });
    expect(newHolderIdentity().instance).toBe("eu-1.gw:7");
    setEnv({ HOLDER_INSTANCE: undefined, PORT: "0" });
    expect(newHolderIdentity().instance).toMatch(new RegExp(`:0:p${process.pid}$`));
  });

  it("adds the API worker's slot (kept by its restarted successor) or the Next process", () => {
    setEnv({ PORT: "4123", HOST: "127.0.0.1", HOLDER_INSTANCE: undefined, SWITCHYARD_ROLE: "api", SWITCHYARD_WORKER_SLOT: "2" });
    expect(newHolderIdentity().instance).toBe(`${os.hostname()}/127.0.0.1:4123:w2`);
    setEnv({ PORT: "4123", HOST: "127.0.0.1", HOLDER_INSTANCE: undefined, SWITCHYARD_ROLE: "next", SWITCHYARD_WORKER_SLOT: undefined });
    expect(newHolderIdentity().instance).toBe(`${os.hostname()}/127.0.0.1:4123:next`);
  });

  it("refuses an instance name that could blur the `~` separator", () => {
    setEnv({ HOLDER_INSTANCE: "a~b" });
    expect(() => newHolderIdentity()).toThrow(/HOLDER_INSTANCE/);
  });
});
