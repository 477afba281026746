// Officer: reviewers for an application and their progress; a call's ranking and selection
// proposal with its reasons, the women-share goal and the waiting list; confirming it.
import { getJson, postJson } from "../api";
import { el, message } from "../dom";
import { actionForm, attempt, button, choice, input, output, status, table, text, yesNo } from "../forms";
import { formatPercent, t } from "../i18n";

interface Call {
  call_id: string;
  title: string;
  track: string;
}

interface Placement {
  application_id: string;
  sex: string;
  outcome: string;
  rank: number;
  reason: string;
  waiting_position: number | null;
}

interface Proposal {
  placements: Placement[];
  target: number;
  women_share_goal: number;
  women_required: number;
  women_selected: number;
  goal_met: boolean;
}

interface ReviewSummary {
  reviews_submitted: number;
  reviews_required: number;
  aggregated_score: number | null;
  disagreement_flagged: boolean;
}

export function reviewsSection(): HTMLElement {
  const form = actionForm(
    "assign-reviewer",
    [
      [t("applicationId"), input("application_id")],
      [t("reviewer"), input("reviewer_subject")],
    ],
    t("assignReviewer"),
    async (data) => {
      const path = `/api/recruitment/applications/${encodeURIComponent(text(data, "application_id"))}/reviewers`;
      return progress(await postJson<ReviewSummary>(path, { reviewer_subject: text(data, "reviewer_subject") }));
    },
  );
  const check = actionForm("review-progress", [[t("applicationId"), input("application_id")]], t("showProgress"), async (data) =>
    progress(await getJson<ReviewSummary>(`/api/recruitment/applications/${encodeURIComponent(text(data, "application_id"))}/reviews`)),
  );
  return el("section", { "aria-labelledby": "reviews-heading" }, el("h2", { id: "reviews-heading" }, t("reviewAssignment")), form, check);
}

function progress(summary: ReviewSummary): HTMLElement {
  const score = summary.aggregated_score === null ? "–" : summary.aggregated_score.toFixed(2);
  return el(
    "p",
    { role: "status", class: "review-progress" },
    `${t("reviewsDone")}: ${summary.reviews_submitted}/${summary.reviews_required} · ${t("score")}: ${score}`,
    summary.disagreement_flagged ? ` · ${t("disagreement")}` : "",
  );
}

export async function selectionSection(): Promise<HTMLElement> {
  const calls = await getJson<Call[]>("/api/recruitment/calls");
  const picker = choice("call", calls.map((call) => [call.call_id, `${call.title} (${call.track})`]));
  picker.id = "selection-call";
  const shown = el("div", { class: "proposal", "aria-live": "polite" });
  const show = () => attempt(shown, () => proposalView(picker.value));
  return el(
    "section",
    { "aria-labelledby": "selection-heading" },
    el("h2", { id: "selection-heading" }, t("selection")),
    el("div", { class: "field" }, el("label", { for: picker.id }, t("call")), picker),
    button(t("showProposal"), show, { "data-action": "show-proposal" }),
    shown,
  );
}

async function proposalView(callId: string): Promise<HTMLElement> {
  const listing = el("div", { class: "listing" });
  listing.replaceChildren(...proposalListing(await getJson<Proposal>(`/api/recruitment/calls/${callId}/selection`)));
  const days = input("offer_valid_days", "number", "14");
  const confirm = actionForm("confirm-selection", [[t("offerValidDays"), days]], t("confirmSelection"), async (data) => {
    const body = { offer_valid_days: Number(text(data, "offer_valid_days")) };
    const confirmed = await postJson<Proposal>(`/api/recruitment/calls/${callId}/selection/confirm`, body);
    listing.replaceChildren(...proposalListing(confirmed));
    return t("offersSent");
  });
  return el("div", {}, listing, confirm);
}

function proposalListing(proposal: Proposal): HTMLElement[] {
  const rows = proposal.placements.map((p) => [
    String(p.rank),
    p.application_id,
    t(p.sex === "female" ? "female" : "male"),
    status(p.outcome, "outcome"),
    p.reason,
    p.waiting_position === null ? "–" : String(p.waiting_position),
  ]);
  const goal = `${t("womenShareGoal")}: ${formatPercent(proposal.women_share_goal)} · ${t("womenRequired")}: ${proposal.women_required} · ${t("womenSelected")}: ${proposal.women_selected} · ${t("goalMet")}: ${yesNo(proposal.goal_met)}`;
  const waiting = proposal.placements.filter((p) => p.waiting_position !== null).length;
  const headers = [t("rank"), t("applicationId"), t("sex"), t("outcome"), t("reason"), t("waitingPosition")];
  return [
    el("p", { class: "goal" }, `${t("target")}: ${proposal.target} · ${goal}`),
    el("p", {}, `${t("waitingList")}: `, output("waiting", String(waiting))),
    rows.length ? table(headers, rows, { class: "placements" }) : message(t("none")),
  ];
}
