// Reviewer: the applications assigned to me, without contact details, and the scoring form
// with the call's criteria (0 to 5 each).
import { getJson, postJson } from "../api";
import { el, message } from "../dom";
import { actionForm, input, table, text } from "../forms";
import { formatDate, t } from "../i18n";

interface Assignment {
  application_id: string;
  call_id: string;
  profile: {
    country_of_residence: string;
    qualifications: string[];
    years_of_experience: number;
    languages: string[];
    available_from: string;
    available_until: string;
    courses_or_specialties: string[];
  };
  my_review: { submitted_at: string | null; conflict_reason: string | null; weighted_score: number | null };
}

interface Call {
  call_id: string;
  title: string;
  review: { criteria: { name: string; weight: number }[] };
}

export async function reviewerPage(main: HTMLElement): Promise<void> {
  const [assignments, calls] = await Promise.all([
    getJson<Assignment[]>("/api/recruitment/reviews/mine"),
    getJson<Call[]>("/api/recruitment/calls"),
  ]);
  const byId = new Map(calls.map((call) => [call.call_id, call]));
  const sections = assignments.map((item) => assignmentSection(item, byId.get(item.call_id)));
  main.replaceChildren(el("h1", {}, t("reviewer")), el("h2", {}, t("assigned")), ...(sections.length ? sections : [message(t("none"))]));
}

function assignmentSection(item: Assignment, call: Call | undefined): HTMLElement {
  const p = item.profile;
  const profile = table(
    [t("country"), t("qualification"), t("experience"), t("languages"), t("course"), t("dates")],
    [[
      p.country_of_residence,
      p.qualifications.join(", "),
      String(p.years_of_experience),
      p.languages.join(", "),
      p.courses_or_specialties.join(", "),
      `${formatDate(p.available_from)} – ${formatDate(p.available_until)}`,
    ]],
  );
  const done = item.my_review.submitted_at !== null || item.my_review.conflict_reason !== null;
  const state = done ? message(`${t("reviewSubmitted")} ${item.my_review.weighted_score?.toFixed(2) ?? ""}`) : scoringForm(item, call);
  const label = `${t("applicationId")} ${item.application_id}`;
  return el("section", { "aria-label": label, "data-assignment": item.application_id }, el("h3", {}, `${call?.title ?? ""} · ${item.application_id}`), profile, state);
}

function scoringForm(item: Assignment, call: Call | undefined): HTMLElement {
  const criteria = call?.review.criteria ?? [];
  const fields = criteria.map((criterion): [string, HTMLElement] => {
    const score = input(`score:${criterion.name}`, "number", "3");
    Object.assign(score, { min: "0", max: "5" });
    return [`${criterion.name} (×${criterion.weight})`, score];
  });
  const comment = el("textarea", { name: "comment", id: `comment-${item.application_id}` });
  return actionForm("scoring", [...fields, [t("comment"), comment]], t("submitReview"), async (data) => {
    const scores = Object.fromEntries(criteria.map((c) => [c.name, Number(text(data, `score:${c.name}`))]));
    const note = text(data, "comment");
    await postJson(`/api/recruitment/applications/${item.application_id}/reviews`, { scores, comment: note || null });
    return t("reviewSubmitted");
  });
}
