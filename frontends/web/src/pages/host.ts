// Host institution: terms of reference for a new request, and the institution's missions.
import { getJson, postJson } from "../api";
import { el, message } from "../dom";
import { actionForm, choice, input, output, status, table, text } from "../forms";
import { formatDate, t } from "../i18n";
import { currentSession } from "../session";

interface Institution {
  code: string;
  name: string;
  courses: string[];
}

interface HostRequest {
  request_id: string;
  course_or_specialty: string;
  starts_on: string;
  ends_on: string;
  status: string;
}

interface Mission {
  mission_id: string;
  course_or_specialty: string;
  starts_on: string;
  ends_on: string;
  status: string;
}

export async function hostPage(main: HTMLElement): Promise<void> {
  const org = currentSession()?.org ?? "";
  const [institutions, requests, missions] = await Promise.all([
    getJson<Institution[]>("/api/deployment/institutions"),
    getJson<HostRequest[]>("/api/deployment/requests"),
    getJson<Mission[]>("/api/deployment/missions"),
  ]);
  const own = institutions.find((institution) => institution.code === org);
  const rows = missions.map((mission) => [
    el("a", { href: `#/mission/${mission.mission_id}`, "data-mission": mission.mission_id }, mission.course_or_specialty),
    `${formatDate(mission.starts_on)} – ${formatDate(mission.ends_on)}`,
    status(mission.status),
  ]);
  const requestRows = requests.map((request) => [
    el("code", { "data-request": request.request_id }, request.request_id),
    request.course_or_specialty,
    `${formatDate(request.starts_on)} – ${formatDate(request.ends_on)}`,
    status(request.status),
  ]);
  main.replaceChildren(
    el("h1", {}, `${t("host")} · ${own?.name ?? org}`),
    el("h2", {}, t("newRequest")),
    requestForm(own?.courses ?? []),
    el("h2", {}, t("ourRequests")),
    requestRows.length
      ? table([t("requestId"), t("course"), t("dates"), t("status")], requestRows, { class: "requests" })
      : message(t("none")),
    el("h2", {}, t("ourMissions")),
    rows.length ? table([t("mission"), t("dates"), t("status")], rows, { class: "missions" }) : message(t("none")),
  );
}

function requestForm(courses: string[]): HTMLFormElement {
  const course = courses.length ? choice("course", courses.map((c) => [c, c])) : input("course");
  const language = choice("language", [["en", "English"], ["fr", "Français"], ["rw", "Kinyarwanda"]]);
  return actionForm(
    "host-request",
    [
      [t("course"), course],
      [t("expertise"), input("expertise")],
      [t("language"), language],
      [t("startsOn"), input("starts_on", "date")],
      [t("endsOn"), input("ends_on", "date")],
      [t("professionalsWanted"), input("professionals_wanted", "number", "1")],
      [t("participants"), input("expected_participants", "number", "20")],
    ],
    t("submitRequest"),
    async (data) => {
      const body = {
        course_or_specialty: text(data, "course"),
        expertise: text(data, "expertise"),
        language: text(data, "language"),
        starts_on: text(data, "starts_on"),
        ends_on: text(data, "ends_on"),
        professionals_wanted: Number(text(data, "professionals_wanted")),
        expected_participants: Number(text(data, "expected_participants")),
      };
      const created = await postJson<{ request_id: string }>("/api/deployment/requests", body);
      return el("p", { role: "status" }, `${t("requestId")}: `, output("request-id", created.request_id));
    },
  );
}
