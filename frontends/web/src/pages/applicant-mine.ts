// What an applicant holds on the platform: applications and their screening reasons, an offer
// to answer before its deadline, missions and their certificates, and their personal data.
import { download, getJson, postJson } from "../api";
import { el, message } from "../dom";
import { attempt, button, checkbox, status, table } from "../forms";
import { formatDate, formatDateTime, t } from "../i18n";

interface Offer {
  status: string;
  deadline: string;
  answered_at: string | null;
}

interface Application {
  application_id: string;
  status: string;
  screening: { rule: string; passed: boolean; reason: string }[];
  offer: Offer | null;
}

interface Mission {
  mission_id: string;
  institution_code: string;
  course_or_specialty: string;
  starts_on: string;
  ends_on: string;
  status: string;
}

export async function mySections(): Promise<HTMLElement[]> {
  const applications = el("section", { "aria-labelledby": "mine-heading", class: "mine" });
  const missions = el("section", { "aria-labelledby": "missions-heading", class: "my-missions" });
  const data = el("section", { "aria-labelledby": "data-heading", class: "my-data" }, ...personalData());
  await renderMine(applications, missions);
  return [applications, missions, data];
}

async function renderMine(applications: HTMLElement, missions: HTMLElement): Promise<void> {
  const held = await getJson<{ applications: Application[] }>("/api/recruitment/applicants/me/personal-data");
  // The export lists applications without their offers; each application's own view has it.
  const views = await Promise.all(held.applications.map((item) => getJson<Application>(`/api/recruitment/applications/${item.application_id}`)));
  const rows = views.map((item) => applicationRow(item, () => renderMine(applications, missions)));
  const heading = el("h2", { id: "mine-heading" }, t("myApplications"));
  applications.replaceChildren(heading, rows.length ? table([t("applicationId"), t("status"), t("reasons"), t("offer")], rows) : message(t("none")));
  const accepted = views.find((item) => item.status === "accepted");
  await renderMissions(missions, accepted?.application_id);
}

function applicationRow(item: Application, refresh: () => Promise<void>): (Node | string)[] {
  const reasons = item.screening.filter((rule) => !rule.passed).map((rule) => rule.reason);
  const shown = status(item.status);
  shown.setAttribute("data-application", item.application_id);
  return [item.application_id, shown, reasons.join("; ") || "–", offerCell(item, refresh)];
}

function offerCell(item: Application, refresh: () => Promise<void>): HTMLElement {
  const offer = item.offer;
  if (!offer) return el("span", {}, "–");
  const deadline = el("p", {}, `${t("answerBy")} ${formatDateTime(new Date(offer.deadline))}`);
  if (offer.answered_at || item.status !== "offered") return status(offer.status, "offer-status");
  const outcome = el("div", { "aria-live": "polite" });
  const answer = (accept: boolean) =>
    attempt(outcome, async () => {
      await postJson(`/api/recruitment/applications/${item.application_id}/offer`, { accept });
      await refresh();
      return t(accept ? "offerAccepted" : "offerDeclined");
    });
  return el(
    "div",
    { class: "offer" },
    deadline,
    button(t("acceptOffer"), () => answer(true), { "data-offer": "accept" }),
    button(t("declineOffer"), () => answer(false), { "data-offer": "decline" }),
    outcome,
  );
}

async function renderMissions(section: HTMLElement, applicationId: string | undefined): Promise<void> {
  const heading = el("h2", { id: "missions-heading" }, t("myMissions"));
  if (!applicationId) return section.replaceChildren(heading, message(t("none")));
  const missions = await getJson<Mission[]>("/api/deployment/missions");
  const rows = missions.map((mission) => [
    el("a", { href: `#/mission/${mission.mission_id}` }, `${mission.institution_code} · ${mission.course_or_specialty}`),
    `${formatDate(mission.starts_on)} – ${formatDate(mission.ends_on)}`,
    status(mission.status),
    mission.status === "completed" ? certificate(applicationId, mission.mission_id) : "–",
  ]);
  section.replaceChildren(heading, rows.length ? table([t("mission"), t("dates"), t("status"), t("certificate")], rows) : message(t("none")));
}

function certificate(applicationId: string, missionId: string): HTMLElement {
  const path = `/api/recruitment/applications/${applicationId}/missions/${missionId}/certificate`;
  const outcome = el("div", { "aria-live": "polite" });
  const fetchIt = () =>
    attempt(outcome, async () => {
      await download(path, `certificate-${missionId}.pdf`);
      return "";
    });
  return el("div", {}, button(t("downloadCertificate"), fetchIt, { "data-certificate": missionId }), outcome);
}

function personalData(): HTMLElement[] {
  const outcome = el("div", { "aria-live": "polite" });
  const sure = checkbox("erase-confirm", t("eraseConfirm"));
  const erase = async () => {
    const confirmed = (sure.querySelector("input") as HTMLInputElement).checked;
    if (!confirmed) return outcome.replaceChildren(message(t("eraseConfirmFirst"), "alert"));
    await attempt(outcome, async () => {
      const receipt = await postJson<{ erased_at: string }>("/api/recruitment/applicants/me/erasure", {});
      return `${t("erased")} ${formatDateTime(new Date(receipt.erased_at))}`;
    });
  };
  return [
    el("h2", { id: "data-heading" }, t("myData")),
    button(t("exportData"), () => download("/api/recruitment/applicants/me/personal-data", "personal-data.json"), { "data-action": "export" }),
    sure,
    button(t("eraseData"), erase, { "data-action": "erase", class: "danger" }),
    outcome,
  ];
}
