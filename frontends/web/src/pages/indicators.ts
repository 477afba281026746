// Per-organisation dashboard: the organisation's indicators against their targets, the "as of"
// line, small cells suppressed, the exports; refreshed by polling while the page is shown.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale } from "chart.js";
import { download, getJson } from "../api";
import { el } from "../dom";
import { attempt, button, choice, table } from "../forms";
import { cell, currentLocale, formatDateTime, t } from "../i18n";
import { currentSession } from "../session";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend);

interface Indicator {
  id: string;
  name: Record<string, string>;
  unit: string;
  target: number | null;
  computable: boolean;
  value: number | string | null;
}

interface Report {
  organisation: string;
  small_cell_threshold: number | null;
  as_of: { newest_event_at: string | null };
  indicators: Indicator[];
}

const POLL_MS = 3000;
const EXPORTS = ["csv", "xlsx", "iati", "dhis2"];
let timer: number | undefined;
let chart: Chart | undefined;

export async function indicatorsPage(main: HTMLElement, organisation?: string): Promise<void> {
  const query = organisation ? `/organisations/${encodeURIComponent(organisation)}` : "";
  const path = `/api/reports/indicators${query}`;
  const first = await getJson<Report>(path);
  const canvas = el("canvas", { role: "img", "aria-label": `${t("value")} / ${t("target")}` }) as HTMLCanvasElement;
  const asOf = el("p", { class: "as-of" });
  const body = el("div", { class: "table" });
  const suffix = organisation ? `?organisation=${encodeURIComponent(organisation)}` : "";
  const refused = el("div", { class: "export-outcome", "aria-live": "polite" });
  const exports = EXPORTS.map((format) => {
    const fetchIt = () => attempt(refused, async () => {
      await download(`/api/reports/exports/${format}${suffix}`, `${first.organisation}.${format}`);
      return "";
    });
    return button(format.toUpperCase(), fetchIt, { "data-export": format });
  });
  main.replaceChildren(
    el("h1", {}, `${t("indicators")} · `, el("span", { class: "organisation" }, first.organisation)),
    ...(await organisationPicker(first.organisation)),
    asOf,
    el("p", { class: "hint" }, t("refreshing")),
    el("div", { class: "chart" }, canvas),
    body,
    el("h2", {}, t("exports")),
    el("div", { class: "exports" }, ...exports),
    refused,
  );
  const show = (report: Report) => render(report, canvas, body, asOf);
  show(first);
  window.clearInterval(timer);
  timer = window.setInterval(() => {
    if (!document.body.contains(canvas)) return window.clearInterval(timer);
    void getJson<Report>(path).then(show);
  }, POLL_MS);
}

async function organisationPicker(shown: string): Promise<HTMLElement[]> {
  if (currentSession()?.role !== "iom_officer") return [];
  const organisations = await getJson<{ code: string; name: string }[]>("/api/reference/organisations");
  const picker = choice("organisation", organisations.map((o) => [o.code, o.name]), shown);
  picker.id = "organisation";
  picker.addEventListener("change", () => (location.hash = `#/indicators/${picker.value}`));
  return [el("div", { class: "field" }, el("label", { for: picker.id }, t("organisation")), picker)];
}

function shownValue(item: Indicator): string {
  if (!item.computable || item.value === null) return "–";
  return typeof item.value === "number" && Number.isInteger(item.value) ? cell(item.value) : String(item.value);
}

function render(report: Report, canvas: HTMLCanvasElement, body: HTMLElement, asOf: HTMLElement): void {
  const newest = report.as_of.newest_event_at;
  asOf.textContent = `${t("asOf")} ${newest ? formatDateTime(new Date(newest)) : "–"}`;
  const locale = currentLocale();
  const rows = report.indicators.map((item) => [item.name[locale] ?? item.id, el("span", { "data-indicator": item.id }, shownValue(item)), item.target === null ? "–" : String(item.target), item.unit]);
  body.replaceChildren(table([t("indicator"), t("value"), t("target"), t("unit")], rows, { class: "indicators" }));
  const charted = report.indicators.filter((item) => item.target !== null && typeof item.value === "number");
  const labels = charted.map((item) => item.id);
  const values = charted.map((item) => Number(item.value));
  const targets = charted.map((item) => Number(item.target));
  if (chart && chart.canvas === canvas) {
    chart.data.labels = labels;
    chart.data.datasets[0].data = values;
    chart.data.datasets[1].data = targets;
    chart.update("none");
    return;
  }
  chart?.destroy();
  const datasets = [
    { label: t("value"), data: values, backgroundColor: "#0b5394" },
    { label: t("target"), data: targets, backgroundColor: "#a9a9a9" },
  ];
  chart = new Chart(canvas, { type: "bar", data: { labels, datasets }, options: { animation: false } });
}
