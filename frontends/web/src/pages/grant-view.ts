// One grant as its pilot project and officers see it: award, disbursed, tranches, jobs.
import { getJson } from "../api";
import { el } from "../dom";
import { status, table, yesNo } from "../forms";
import { formatDate, formatMinor, t } from "../i18n";

export interface Money {
  minor_units: number;
  currency: string;
}

export interface Tranche {
  number: number;
  amount: Money;
  due_on: string;
  conditions: Record<string, unknown>;
  requested: boolean;
  approved: boolean;
  disbursed_on: string | null;
  late: boolean;
}

export interface Grant {
  application_id: string;
  project_code: string;
  status: string;
  requested: Money;
  award: Money | null;
  disbursed: Money | null;
  tranches: Tranche[];
  mentor_id: string | null;
  mentoring_minutes: number;
  jobs: Record<string, unknown>;
}

export function money(amount: Money | null): string {
  return amount ? formatMinor(amount.minor_units, amount.currency) : "–";
}

export async function readGrant(grantId: string): Promise<Grant> {
  return getJson<Grant>(`/api/grants/applications/${encodeURIComponent(grantId)}`);
}

export function grantSummary(grant: Grant): HTMLElement {
  return el(
    "dl",
    { class: "grant" },
    el("dt", {}, t("project")),
    el("dd", {}, grant.project_code),
    el("dt", {}, t("status")),
    el("dd", {}, status(grant.status, "grant-status")),
    el("dt", {}, t("committed")),
    el("dd", {}, money(grant.award)),
    el("dt", {}, t("disbursed")),
    el("dd", {}, money(grant.disbursed)),
    el("dt", {}, t("mentor")),
    el("dd", {}, grant.mentor_id ? `${t("yes")} (${Math.round(grant.mentoring_minutes / 60)} h)` : t("no")),
  );
}

export function trancheTable(grant: Grant, actions: (tranche: Tranche) => Node | string = () => ""): HTMLElement {
  const rows = grant.tranches.map((tranche) => [
    String(tranche.number),
    money(tranche.amount),
    formatDate(tranche.due_on),
    Object.keys(tranche.conditions).join(", ") || "–",
    yesNo(tranche.requested),
    yesNo(tranche.approved),
    tranche.disbursed_on ? formatDate(tranche.disbursed_on) : "–",
    actions(tranche),
  ]);
  const headers = [t("tranche"), t("amount"), t("dueOn"), t("conditions"), t("requested"), t("approved"), t("disbursed"), ""];
  return table(headers, rows, { class: "tranches" });
}
