import { describe, expect, it } from "vitest";
import { formatMinor, toMinorUnits } from "./i18n";
import { HOME, menu, resolve, ROUTES } from "./routes";

describe("routes", () => {
  it("reads a page and its parameter from the hash", () => {
    expect(resolve("#/mission/5f0c")).toEqual([ROUTES.mission, "5f0c"]);
    expect(resolve("#/indicators")).toEqual([ROUTES.indicators, undefined]);
    expect(resolve("#/nowhere")[0]).toBeUndefined();
  });

  it("offers each role only its own pages, and a home among them", () => {
    expect(menu("host_institution").map(([hash]) => hash)).toEqual(["#/host", "#/indicators"]);
    expect(menu("reviewer").map(([hash]) => hash)).toEqual(["#/reviewer"]);
    for (const [role, home] of Object.entries(HOME)) {
      expect(resolve(home)[0]?.roles).toContain(role);
    }
  });
});

describe("money in minor units", () => {
  it("follows each currency's decimals", () => {
    expect(toMinorUnits(15, "USD")).toBe(1500);
    expect(toMinorUnits(1500, "RWF")).toBe(1500);
    expect(formatMinor(150000, "USD", "en")).toBe("US$1,500.00");
    expect(formatMinor(1500, "RWF", "en").replace(/\s/g, " ")).toBe("RWF 1,500");
  });
});
