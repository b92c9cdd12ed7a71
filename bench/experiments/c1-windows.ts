// One client at c=1 against a gateway, timing each request on a clock the caller chooses (the
// monotonic clock of a CPU profile, the wall clock of Postgres's log): the request windows the
// stall and flush-overlap probes lay over what the gateway and Postgres were doing.
import { Pool } from "undici";
import { requestBody } from "../load";
import type { GatewayStack } from "../setup";

/** [start, end] of each request after a 3 s warm-up, in `clock`'s unit, over `seconds`. */
export async function c1Windows(stack: GatewayStack, stream: boolean, seconds: number, clock: () => number): Promise<Array<[number, number]>> {
  const pool = new Pool(stack.gateway.url, { connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` };
  const body = requestBody("sim/fast", stream);
  const windows: Array<[number, number]> = [];
  const loop = async (ms: number, record: boolean) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const t0 = clock();
      const res = await pool.request({ method: "POST", path: "/v1/chat/completions", headers, body });
      for await (const _ of res.body) void _;
      if (record) windows.push([t0, clock()]);
    }
  };
  try {
    await loop(3000, false);
    await loop(seconds * 1000, true);
  } finally {
    await pool.close();
  }
  return windows;
}
