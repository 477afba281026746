import { describe, expect, it } from "vitest";
import { cell, formatDate, formatMoney, LOCALES, statusText, t } from "./i18n";

describe("labels", () => {
  it("every locale names every label", () => {
    for (const locale of LOCALES) {
      expect(t("dashboard", locale)).not.toBe("");
    }
    expect(t("signIn", "fr")).toBe("Se connecter");
    expect(t("signIn", "rw")).toBe("Injira");
  });

  it("names records' states per locale, and shows an unknown one as it is", () => {
    expect(statusText("offered", "fr")).toBe("Offre envoyée");
    expect(statusText("started", "rw")).toBe("Bwatangiye");
    expect(statusText("under_audit", "en")).toBe("under audit");
  });
});

describe("formatting", () => {
  it("formats dates and money per locale", () => {
    expect(formatDate("2026-11-28T00:00:00Z", "en")).toBe("28 Nov 2026");
    expect(formatMoney(1500, "USD", "fr").replace(/\s/g, " ")).toBe("1 500,00 $US");
  });

  it("suppresses small cells but not zero", () => {
    expect(cell(0)).toBe("0");
    expect(cell(4)).toBe("<5");
    expect(cell(5)).toBe("5");
  });
});
