// Officer: each service's dead letters and parked outbox rows, read-only and a page at a time.
// The services never send a record's value, and send a key only when it is an identifier.
import { getJson } from "../api";
import { el, message } from "../dom";
import { attempt, button, table } from "../forms";
import { formatDateTime, type Label, t } from "../i18n";

export const SERVICES = ["recruitment", "deployment", "grants", "reporting"];
const PAGE_SIZE = 10;

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  skip: number;
}

interface DeadLetter {
  original_topic: string;
  partition: number;
  offset: number;
  consumer_group: string;
  event_type: string | null;
  key: string | null;
  reason: string;
  failed_at: string;
}

interface ParkedRow {
  seq: number;
  event_type: string;
  topic: string;
  key: string | null;
  attempts: number;
  parked_at: string;
  reason: string;
  waiting_behind: number;
}

interface View<T> {
  path: string;
  heading: Label;
  headers: Label[];
  cells: (item: T) => string[];
}

const DEAD_LETTERS: View<DeadLetter> = {
  path: "admin/dead-letters",
  heading: "deadLetters",
  headers: ["failedAt", "originalTopic", "partitionOffset", "consumerGroup", "eventType", "messageKey", "reason"],
  cells: (letter) => [
    when(letter.failed_at),
    letter.original_topic,
    `${letter.partition} / ${letter.offset}`,
    letter.consumer_group,
    letter.event_type ?? "",
    letter.key ?? t("hidden"),
    letter.reason,
  ],
};

const PARKED: View<ParkedRow> = {
  path: "admin/outbox/parked",
  heading: "parkedOutbox",
  headers: ["parkedAt", "topic", "eventType", "messageKey", "attempts", "waitingBehind", "reason"],
  cells: (row) => [
    when(row.parked_at),
    row.topic,
    row.event_type,
    row.key ?? t("hidden"),
    String(row.attempts),
    String(row.waiting_behind),
    row.reason,
  ],
};

export async function operationsPage(main: HTMLElement): Promise<void> {
  const sections = SERVICES.map((service) =>
    el(
      "section",
      { "aria-labelledby": `ops-${service}`, "data-service": service },
      el("h2", { id: `ops-${service}` }, `${t("service")}: ${service}`),
      pageOf(service, DEAD_LETTERS),
      pageOf(service, PARKED),
    ),
  );
  main.replaceChildren(el("h1", {}, t("operations")), el("p", {}, t("operationsIntro")), ...sections);
}

function pageOf<T>(service: string, view: View<T>): HTMLElement {
  const shown = el("div", { "aria-live": "polite", "data-view": view.path });
  const load = (skip: number) => attempt(shown, () => rendered(service, view, skip, load));
  void load(0);
  return el("div", { class: "operations" }, el("h3", {}, t(view.heading)), shown);
}

async function rendered<T>(
  service: string,
  view: View<T>,
  skip: number,
  load: (skip: number) => Promise<boolean>,
): Promise<HTMLElement> {
  const page = await getJson<Page<T>>(`/api/${service}/${view.path}?limit=${PAGE_SIZE}&skip=${skip}`);
  const rows = page.items.map(view.cells);
  const pager: HTMLElement[] = [];
  if (skip > 0) pager.push(button(t("previousPage"), () => load(Math.max(0, skip - PAGE_SIZE))));
  if (skip + PAGE_SIZE < page.total) pager.push(button(t("nextPage"), () => load(skip + PAGE_SIZE)));
  return el(
    "div",
    {},
    el("p", { "data-total": String(page.total) }, `${t("total")}: ${page.total}`),
    rows.length ? table(view.headers.map((label) => t(label)), rows, { class: "operations-table" }) : message(t("none")),
    ...pager,
  );
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatDateTime(date);
}
