// Officer: a host's request, approving it, the available professionals with their fit, and
// matching one of them; then the mission's logistics confirmed.
import { getJson, postJson } from "../api";
import { el, message } from "../dom";
import { actionForm, attempt, button, checkbox, input, output, status, table, text, yesNo } from "../forms";
import { formatDate, statusText, t, toMinorUnits } from "../i18n";

interface HostRequest {
  request_id: string;
  institution_code: string;
  course_or_specialty: string;
  starts_on: string;
  ends_on: string;
  status: string;
}

interface Candidate {
  professional: { professional_id: string; sex: string; country_of_residence: string; courses_or_specialties: string[] };
  fit: { course_or_specialty: boolean; language: boolean; availability: boolean };
}

export function matchingSection(): HTMLElement {
  const shown = el("div", { class: "request-view", "aria-live": "polite" });
  const form = actionForm("open-request", [[t("requestId"), input("request_id")]], t("openRequest"), async (data) => {
    const id = encodeURIComponent(text(data, "request_id"));
    await attempt(shown, () => requestView(id, shown));
    return "";
  });
  return el("section", { "aria-labelledby": "matching-heading" }, el("h2", { id: "matching-heading" }, t("matching")), form, shown);
}

async function requestView(id: string, into: HTMLElement): Promise<HTMLElement> {
  const request = await getJson<HostRequest>(`/api/deployment/requests/${id}`);
  const again = () => attempt(into, () => requestView(id, into));
  const summary = el(
    "p",
    {},
    `${request.institution_code} · ${request.course_or_specialty} · ${formatDate(request.starts_on)} – ${formatDate(request.ends_on)} · ${t("status")}: `,
    status(request.status, "request-status"),
  );
  if (request.status === "submitted") {
    const refused = el("div", { "aria-live": "polite" });
    const approve = () =>
      attempt(refused, async () => {
        await postJson(`/api/deployment/requests/${id}/approve`, {});
        await again();
        return "";
      });
    return el("div", {}, summary, button(t("approve"), approve, { "data-action": "approve-request" }), refused);
  }
  if (request.status !== "approved") return el("div", {}, summary);
  const candidates = await getJson<Candidate[]>(`/api/deployment/requests/${id}/candidates`);
  const outcome = el("div", { class: "match-outcome", "aria-live": "polite" });
  const rows = candidates.map(({ professional, fit }) => [
    professional.professional_id,
    `${t(professional.sex === "female" ? "female" : "male")} · ${professional.country_of_residence}`,
    `${t("course")}: ${yesNo(fit.course_or_specialty)} · ${t("language")}: ${yesNo(fit.language)} · ${t("availability")}: ${yesNo(fit.availability)}`,
    button(t("match"), () => attempt(outcome, () => match(id, professional.professional_id)), { "data-professional": professional.professional_id }),
  ]);
  const list = rows.length ? table([t("professional"), t("profile"), t("fit"), ""], rows, { class: "candidates" }) : message(t("none"));
  return el("div", {}, summary, list, outcome);
}

async function match(requestId: string, professionalId: string): Promise<HTMLElement> {
  const mission = await postJson<{ mission_id: string }>(`/api/deployment/requests/${requestId}/missions`, { professional_id: professionalId });
  return el("div", {}, message(t("missionPlanned")), el("p", {}, `${t("mission")}: `, output("mission-id", mission.mission_id)), logisticsForm(mission.mission_id));
}

export function logisticsForm(missionId: string): HTMLFormElement {
  return actionForm(
    "logistics",
    [
      ["", checkbox("travel_booked", t("travelBooked"))],
      ["", checkbox("accommodation_booked", t("accommodationBooked"))],
      ["", checkbox("insured", t("insured"))],
      [t("allowance"), input("allowance", "number", "1500")],
      [t("currency"), input("currency", "text", "USD")],
    ],
    t("confirmMission"),
    async (data) => {
      const body = {
        travel_booked: data.has("travel_booked"),
        accommodation_booked: data.has("accommodation_booked"),
        insured: data.has("insured"),
        allowance_minor_units: toMinorUnits(Number(text(data, "allowance")), text(data, "currency").toUpperCase()),
        currency: text(data, "currency").toUpperCase(),
      };
      const mission = await postJson<{ status: string }>(`/api/deployment/missions/${missionId}/confirm`, body);
      return `${t("status")}: ${statusText(mission.status)}`;
    },
  );
}
