import { describe, expect, it } from "vitest";
import { mergeMetricPages } from "./merge-metrics";

const page = (inFlight: number, reqs: number) => [
  "# HELP switchyard_in_flight_requests API requests being served now.",
  "# TYPE switchyard_in_flight_requests gauge",
  `switchyard_in_flight_requests ${inFlight}`,
  "# HELP switchyard_requests_total Requests.",
  "# TYPE switchyard_requests_total counter",
  `switchyard_requests_total{provider="sim",model="sim/fast"} ${reqs}`,
  "",
].join("\n");

describe("one /api/metrics page from every worker", () => {
  it("writes each family's HELP/TYPE once, then every worker's samples labelled with its slot", () => {
    const merged = mergeMetricPages([{ slot: "1", text: page(2, 10) }, { slot: "2", text: page(0, 7) }]);
    expect(merged.split("\n")).toEqual([
      "# HELP switchyard_in_flight_requests API requests being served now.",
      "# TYPE switchyard_in_flight_requests gauge",
      'switchyard_in_flight_requests{worker="1"} 2',
      'switchyard_in_flight_requests{worker="2"} 0',
      "# HELP switchyard_requests_total Requests.",
      "# TYPE switchyard_requests_total counter",
      'switchyard_requests_total{worker="1",provider="sim",model="sim/fast"} 10',
      'switchyard_requests_total{worker="2",provider="sim",model="sim/fast"} 7',
      "",
    ]);
  });

  it("keeps a family only one worker has, and an empty label set valid", () => {
    const merged = mergeMetricPages([{ slot: "1", text: "# TYPE a counter\na{} 1\n" }, { slot: "2", text: "# TYPE b gauge\nb 3\n" }]);
    expect(merged).toBe('# TYPE a counter\na{worker="1"} 1\n# TYPE b gauge\nb{worker="2"} 3\n');
  });
});
