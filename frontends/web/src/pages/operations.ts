// Officer: what each service could not handle, read-only: the dead letters its consumers wrote
// and the outbox rows Kafka refused until they were parked. Acting on them is the operators'
// (platform-dead-letters, platform-outbox), so a slip in the browser can't replay events.
import { getJson } from "../api";
import { el, message } from "../dom";
import { table } from "../forms";
import { formatDateTime, t } from "../i18n";

const SERVICES = ["recruitment", "deployment", "grants", "reporting"];

interface DeadLetter {
  original_topic: string;
  consumer_group: string;
  partition: number;
  offset: number;
  failed_at: string;
  reason: string;
  event_type: string;
}

interface ParkedRow {
  seq: number;
  event_type: string;
  topic: string;
  attempts: number;
  parked_at: string;
  reason: string;
  waiting_behind: number;
}

export async function operationsPage(main: HTMLElement): Promise<void> {
  const sections = await Promise.all(SERVICES.map(serviceSection));
  main.replaceChildren(el("h1", {}, t("operations")), message(t("operationsHint")), ...sections);
}

async function serviceSection(service: string): Promise<HTMLElement> {
  const base = `/api/${service}/operations`;
  const [letters, parked] = await Promise.all([
    shown(() => getJson<{ letters: DeadLetter[] }>(`${base}/dead-letters`), (body) => lettersTable(body.letters)),
    shown(() => getJson<{ rows: ParkedRow[] }>(`${base}/outbox/parked`), (body) => parkedTable(body.rows)),
  ]);
  const heading = `${service}-operations`;
  return el(
    "section",
    { "aria-labelledby": heading, "data-service": service },
    el("h2", { id: heading }, `${t("service")}: ${service}`),
    el("h3", {}, t("deadLetters")),
    letters,
    el("h3", {}, t("parkedOutbox")),
    parked,
  );
}

// One service's view failing (Kafka briefly away, say) leaves the others shown.
async function shown<T>(load: () => Promise<T>, render: (body: T) => HTMLElement): Promise<HTMLElement> {
  try {
    return render(await load());
  } catch {
    return message(t("unavailable"), "alert");
  }
}

function lettersTable(letters: DeadLetter[]): HTMLElement {
  if (!letters.length) return message(t("none"));
  const rows = letters.map((letter) => [
    letter.consumer_group,
    letter.original_topic,
    letter.event_type,
    letter.failed_at ? formatDateTime(new Date(letter.failed_at)) : "",
    letter.reason,
    `${letter.partition} / ${letter.offset}`,
  ]);
  const headers = [t("consumerGroup"), t("originalTopic"), t("eventType"), t("failedAt"), t("reason"), t("position")];
  return table(headers, rows, { class: "dead-letters" });
}

function parkedTable(parked: ParkedRow[]): HTMLElement {
  if (!parked.length) return message(t("none"));
  const rows = parked.map((row) => [
    String(row.seq),
    row.topic,
    row.event_type,
    String(row.attempts),
    formatDateTime(new Date(row.parked_at)),
    row.reason,
    String(row.waiting_behind),
  ]);
  const headers = ["#", t("originalTopic"), t("eventType"), t("attempts"), t("parkedAt"), t("reason"), t("waitingBehind")];
  return table(headers, rows, { class: "parked-outbox" });
}
