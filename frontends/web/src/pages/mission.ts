// One mission, for its host, its professional or an officer (the deployment service refuses
// anyone else, so another host's mission shows as not found): arrival, sessions, activities.
import { ApiError, getJson, postJson } from "../api";
import { el, message } from "../dom";
import { actionForm, attempt, button, input, status, table, text } from "../forms";
import { formatDate, t } from "../i18n";
import { currentSession } from "../session";
import { healthForms } from "./mission-health";
import { logisticsForm } from "./officer-matching";

interface Mission {
  mission_id: string;
  institution_code: string;
  track: string;
  course_or_specialty: string;
  starts_on: string;
  ends_on: string;
  status: string;
}

interface Activity {
  kind: string;
  occurred_on: string;
  details: Record<string, unknown>;
}

const RUNNING = ["started", "extended"];

export async function missionPage(main: HTMLElement, missionId = ""): Promise<void> {
  if (!missionId) throw new ApiError(404, "", "");
  const id = encodeURIComponent(missionId);
  const mission = await getJson<Mission>(`/api/deployment/missions/${id}`);
  const activities = await getJson<Activity[]>(`/api/deployment/missions/${id}/activities`);
  const refresh = () => missionPage(main, missionId);
  const rows = activities.map((a) => [a.kind, formatDate(a.occurred_on), summary(a.details)]);
  main.replaceChildren(
    el("h1", {}, `${t("mission")} · ${mission.institution_code} · ${mission.course_or_specialty}`),
    el("p", {}, `${formatDate(mission.starts_on)} – ${formatDate(mission.ends_on)} · ${t("status")}: `, status(mission.status, "mission-status")),
    ...actions(mission, refresh),
    el("h2", {}, t("activities")),
    rows.length ? table([t("kind"), t("date"), t("details")], rows, { class: "activities" }) : message(t("none")),
  );
}

function summary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => typeof value !== "object")
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join(", ");
}

function actions(mission: Mission, refresh: () => Promise<void>): HTMLElement[] {
  const role = currentSession()?.role;
  if (role === "iom_officer" && mission.status === "planned") return [logisticsForm(mission.mission_id)];
  if (role === "applicant") return [];
  if (mission.status === "confirmed") {
    const outcome = el("div", { "aria-live": "polite" });
    const arrive = () =>
      attempt(outcome, async () => {
        await postJson(`/api/deployment/missions/${mission.mission_id}/arrival`, {});
        await refresh();
        return t("arrived");
      });
    return [button(t("confirmArrival"), arrive, { "data-action": "arrival" }), outcome];
  }
  if (!RUNNING.includes(mission.status)) return [];
  const records = mission.track === "HEALTH" ? healthForms(mission, refresh) : [el("h2", {}, t("recordSession")), sessionForm(mission, refresh)];
  return [...records, completion(mission, refresh)];
}

function completion(mission: Mission, refresh: () => Promise<void>): HTMLElement {
  const outcome = el("div", { "aria-live": "polite" });
  const complete = () =>
    attempt(outcome, async () => {
      await postJson(`/api/deployment/missions/${mission.mission_id}/complete`, {});
      await refresh();
      return t("done");
    });
  return el("div", {}, button(t("completeMission"), complete, { "data-action": "complete" }), outcome);
}

function sessionForm(mission: Mission, refresh: () => Promise<void>): HTMLFormElement {
  const count = (name: string) => input(name, "number", "0");
  return actionForm(
    "session",
    [
      [t("date"), input("held_on", "date", mission.starts_on)],
      [t("course"), input("course", "text", mission.course_or_specialty)],
      [t("topic"), input("topic")],
      [t("hours"), input("hours", "number", "4")],
      [t("trainersFemale"), count("trainers_female")],
      [t("trainersMale"), count("trainers_male")],
      [t("studentsFemale"), count("students_female")],
      [t("studentsMale"), count("students_male")],
    ],
    t("recordSession"),
    async (data) => {
      const number = (name: string) => Number(text(data, name));
      const body = {
        held_on: text(data, "held_on"),
        course: text(data, "course"),
        topic: text(data, "topic"),
        hours: number("hours"),
        trainers_female: number("trainers_female"),
        trainers_male: number("trainers_male"),
        students_female: number("students_female"),
        students_male: number("students_male"),
      };
      await postJson(`/api/deployment/missions/${mission.mission_id}/sessions`, body);
      await refresh();
      return t("sessionRecorded");
    },
  );
}
