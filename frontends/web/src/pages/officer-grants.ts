// Officer: a grant's tranches and the four-eyes queue: one officer requests a release, another
// approves it (the grants service refuses the requester's own approval).
import { getJson, postJson } from "../api";
import { el, message } from "../dom";
import { actionForm, attempt, button, input, table, text } from "../forms";
import { formatDate, t } from "../i18n";
import { grantSummary, money, type Money, readGrant, type Tranche, trancheTable } from "./grant-view";

interface Awaiting {
  application_id: string;
  project_code: string;
  tranche: number;
  amount: Money;
  due_on: string;
  requested_by_me: boolean;
}

export function tranchesSection(): HTMLElement {
  const shown = el("div", { class: "grant-view", "aria-live": "polite" });
  const queue = el("div", { class: "four-eyes", "aria-live": "polite" });
  const open = (grantId: string) => attempt(shown, () => grantView(grantId, shown, reload));
  const reload = () => attempt(queue, () => queueTable(open));
  void reload();
  const form = actionForm("open-grant", [[t("grantId"), input("grant_id")]], t("openGrant"), async (data) => {
    await open(text(data, "grant_id"));
    return "";
  });
  const heading = el("h2", { id: "tranches-heading" }, t("tranchesQueue"));
  return el("section", { "aria-labelledby": "tranches-heading" }, heading, el("h3", {}, t("awaitingApproval")), queue, form, shown);
}

/** The releases waiting for a second officer; the reader's own requests are marked. */
async function queueTable(open: (grantId: string) => Promise<boolean>): Promise<HTMLElement> {
  const waiting = await getJson<Awaiting[]>("/api/grants/tranches/awaiting-approval");
  const rows = waiting.map((item) => [
    item.project_code,
    String(item.tranche),
    money(item.amount),
    formatDate(item.due_on),
    item.requested_by_me
      ? t("requestedByYou")
      : button(t("open"), () => open(item.application_id), { "data-open-grant": item.application_id }),
  ]);
  const headers = [t("project"), t("tranche"), t("amount"), t("dueOn"), t("open")];
  return rows.length ? table(headers, rows, { class: "awaiting" }) : message(t("none"));
}

async function grantView(grantId: string, into: HTMLElement, reload: () => Promise<boolean>): Promise<HTMLElement> {
  const grant = await readGrant(grantId);
  const outcome = el("div", { "aria-live": "polite" });
  const step = (tranche: Tranche, path: string) => () =>
    attempt(outcome, async () => {
      await postJson(`/api/grants/applications/${grantId}/tranches/${tranche.number}/${path}`, {});
      await attempt(into, () => grantView(grantId, into, reload));
      await reload();
      return t("done");
    });
  const actions = (tranche: Tranche): Node | string => {
    if (!tranche.requested) return button(t("requestRelease"), step(tranche, "release-request"), { "data-release": String(tranche.number) });
    if (!tranche.approved) return button(t("approveRelease"), step(tranche, "approval"), { "data-approve": String(tranche.number) });
    return "";
  };
  const waiting = grant.tranches.filter((tranche) => tranche.requested && !tranche.approved).length;
  return el("div", {}, grantSummary(grant), message(`${t("awaitingApproval")}: ${waiting}`), trancheTable(grant, actions), outcome);
}
