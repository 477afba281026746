import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale } from "chart.js";
import { download, getJson } from "../api";
import { el } from "../dom";
import { cell, formatDateTime, formatPercent, SMALL_CELL, t } from "../i18n";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend);

interface TrackRow {
  track: string;
  target: number;
  accepted: number;
  accepted_by_sex: Record<string, number>;
  women_share: number;
}

const POLL_MS = 3000;
const EXPORTS = ["csv", "xlsx", "iati", "dhis2"];
let timer: number | undefined;
let chart: Chart | undefined;

export async function dashboardPage(main: HTMLElement): Promise<void> {
  const canvas = el("canvas", { role: "img", "aria-label": `${t("accepted")} / ${t("target")}` });
  const table = el("div", { class: "table" });
  const asOf = el("p", { class: "as-of" });
  const exportButtons = EXPORTS.map((format) => {
    const button = el("button", { type: "button", "data-export": format }, format.toUpperCase());
    button.addEventListener("click", () => void download(`/api/reports/exports/${format}`, `report.${format}`));
    return button;
  });
  main.replaceChildren(
    el("h1", {}, t("dashboard")),
    asOf,
    el("p", { class: "hint" }, t("refreshing")),
    el("div", { class: "chart" }, canvas),
    table,
    el("h2", {}, t("exports")),
    el("div", { class: "exports" }, ...exportButtons),
  );
  const refresh = async () => {
    const report = await getJson<{ tracks: TrackRow[] }>("/api/reports/accepted-professionals");
    render(report.tracks, canvas as HTMLCanvasElement, table);
    asOf.textContent = `${t("asOf")} ${formatDateTime(new Date())}`;
  };
  await refresh();
  window.clearInterval(timer);
  timer = window.setInterval(() => {
    if (!document.body.contains(canvas)) return window.clearInterval(timer);
    void refresh();
  }, POLL_MS);
}

function render(tracks: TrackRow[], canvas: HTMLCanvasElement, table: HTMLElement): void {
  const header = el("tr", {}, ...[t("track"), t("accepted"), t("target"), t("female"), t("male"), t("womenShare")].map((h) => el("th", { scope: "col" }, h)));
  const rows = tracks.map((row) =>
    el(
      "tr",
      { "data-track": row.track },
      el("th", { scope: "row" }, row.track),
      el("td", { class: "accepted" }, String(row.accepted)),
      el("td", {}, String(row.target)),
      el("td", {}, cell(row.accepted_by_sex.female ?? 0)),
      el("td", {}, cell(row.accepted_by_sex.male ?? 0)),
      // A share of a small total would reveal the small cells it is made of.
      el("td", {}, row.accepted < SMALL_CELL ? "–" : formatPercent(row.women_share)),
    ),
  );
  table.replaceChildren(el("table", {}, el("thead", {}, header), el("tbody", {}, ...rows)));
  drawChart(tracks, canvas);
}

function drawChart(tracks: TrackRow[], canvas: HTMLCanvasElement): void {
  const labels = tracks.map((row) => row.track);
  const datasets = [
    { label: t("accepted"), data: tracks.map((row) => row.accepted), backgroundColor: "#0b5394" },
    { label: t("target"), data: tracks.map((row) => row.target), backgroundColor: "#a9a9a9" },
  ];
  if (chart && chart.canvas === canvas) {
    chart.data.labels = labels;
    chart.data.datasets.forEach((set, i) => (set.data = datasets[i].data));
    chart.update("none");
    return;
  }
  chart?.destroy();
  chart = new Chart(canvas, { type: "bar", data: { labels, datasets }, options: { animation: false } });
}
