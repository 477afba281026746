// Officer: a grant's tranches and the four-eyes queue: one officer requests a release, another
// approves it (the grants service refuses the requester's own approval).
import { getJson, postJson } from "../api";
import { el, message } from "../dom";
import { actionForm, attempt, button, input, status, table, text } from "../forms";
import { t } from "../i18n";
import { type Grant, grantSummary, readGrant, type Tranche, trancheTable } from "./grant-view";

export function tranchesSection(): HTMLElement {
  const shown = el("div", { class: "grant-view", "aria-live": "polite" });
  const form = actionForm("open-grant", [[t("grantId"), input("grant_id")]], t("openGrant"), async (data) => {
    await attempt(shown, () => grantView(text(data, "grant_id"), shown));
    return "";
  });
  const queue = el("div", { class: "release-queue", "aria-live": "polite" });
  void attempt(queue, () => releaseQueue(shown));
  return el("section", { "aria-labelledby": "tranches-heading" }, el("h2", { id: "tranches-heading" }, t("tranchesQueue")), queue, form, shown);
}

/** Grants with a release requested and not yet approved: any other officer may approve. */
async function releaseQueue(shown: HTMLElement): Promise<HTMLElement> {
  const waiting = await getJson<Grant[]>("/api/grants/applications?awaiting_approval=true");
  if (!waiting.length) return el("p", {}, `${t("awaitingApproval")}: 0`);
  const rows = waiting.map((grant) => [
    grant.project_code,
    status(grant.status),
    button(t("openGrant"), () => attempt(shown, () => grantView(grant.application_id, shown)), { "data-queue-grant": grant.application_id }),
  ]);
  return el("div", {}, el("p", {}, `${t("awaitingApproval")}: ${waiting.length}`), table([t("project"), t("status"), ""], rows, { class: "queue" }));
}

async function grantView(grantId: string, into: HTMLElement): Promise<HTMLElement> {
  const grant = await readGrant(grantId);
  const outcome = el("div", { "aria-live": "polite" });
  const step = (tranche: Tranche, path: string) => () =>
    attempt(outcome, async () => {
      await postJson(`/api/grants/applications/${grantId}/tranches/${tranche.number}/${path}`, {});
      await attempt(into, () => grantView(grantId, into));
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
