// Pilot project: open grant calls, and its grant (tranches, mentor, jobs), where it reports the
// jobs created at 6 and 12 months.
import { getJson, postJson } from "../api";
import { el, message } from "../dom";
import { actionForm, attempt, button, choice, input, status, table, text } from "../forms";
import { formatDate, t } from "../i18n";
import { type Grant, grantSummary, money, type Money, readGrant, trancheTable } from "./grant-view";

interface GrantCall {
  call_id: string;
  title: string;
  iprc: string;
  ceiling: Money;
  closes_on: string;
}

export async function pilotPage(main: HTMLElement): Promise<void> {
  const [calls, grants] = await Promise.all([
    getJson<GrantCall[]>("/api/grants/calls"),
    getJson<Grant[]>("/api/grants/applications"),
  ]);
  const rows = calls.map((call) => [call.title, call.iprc, money(call.ceiling), formatDate(call.closes_on)]);
  const shown = el("div", { class: "grant-view", "aria-live": "polite" });
  const open = actionForm("open-grant", [[t("grantId"), input("grant_id")]], t("openGrant"), async (data) => {
    await attempt(shown, () => grantView(text(data, "grant_id")));
    return "";
  });
  main.replaceChildren(
    el("h1", {}, t("pilot")),
    el("h2", {}, t("grantCalls")),
    rows.length ? table([t("call"), "IPRC", t("ceiling"), t("closes")], rows) : message(t("none")),
    el("h2", {}, t("ourGrant")),
    ownGrants(grants, shown),
    open,
    shown,
  );
}

function ownGrants(grants: Grant[], shown: HTMLElement): HTMLElement {
  if (!grants.length) return message(t("none"));
  const rows = grants.map((grant) => [
    el("code", {}, grant.application_id),
    status(grant.status),
    button(t("openGrant"), () => attempt(shown, () => grantView(grant.application_id)), { "data-own-grant": grant.application_id }),
  ]);
  return table([t("grantId"), t("status"), ""], rows, { class: "own-grants" });
}

async function grantView(grantId: string): Promise<HTMLElement> {
  const grant = await readGrant(grantId);
  const jobs = actionForm(
    "jobs",
    [
      [t("months"), choice("months", [["6", "6"], ["12", "12"]])],
      [t("jobsTotal"), input("total", "number", "0")],
      [t("jobsWomen"), input("women", "number", "0")],
      [t("jobsYouth"), input("youth", "number", "0")],
    ],
    t("reportJobs"),
    async (data) => {
      const number = (name: string) => Number(text(data, name));
      const body = { months: number("months"), total: number("total"), women: number("women"), youth: number("youth") };
      await postJson(`/api/grants/applications/${encodeURIComponent(grantId)}/jobs`, body);
      return t("done");
    },
  );
  return el("div", {}, grantSummary(grant), trancheTable(grant), el("h3", {}, t("reportJobs")), jobs);
}
