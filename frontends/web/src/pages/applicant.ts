import { getJson, postJson } from "../api";
import { el, field, message } from "../dom";
import { formatDate, t } from "../i18n";
import { mySections } from "./applicant-mine";

interface Call {
  call_id: string;
  track: string;
  title: string;
  courses_or_specialties: string[];
  closes_on: string;
}

export async function applicantPage(main: HTMLElement): Promise<void> {
  const calls = await getJson<Call[]>("/api/recruitment/calls");
  const today = new Date().toISOString().slice(0, 10);
  const open = calls.filter((call) => call.closes_on >= today);
  const sections = open.map((call) => callSection(call));
  const mine = await mySections();
  main.replaceChildren(el("h1", {}, t("applicant")), ...mine, el("h2", {}, t("openCalls")), ...sections);
}

function callSection(call: Call): HTMLElement {
  const heading = el("h3", {}, `${call.title} (${call.track})`);
  const closes = el("p", {}, `${t("closes")} ${formatDate(call.closes_on)}`);
  const form = applicationForm(call);
  return el("section", { "aria-label": call.title, "data-call": call.call_id }, heading, closes, form);
}

function input(name: string, type = "text", required = true): HTMLInputElement {
  return el("input", { name, type, required, id: `${name}-${crypto.randomUUID()}` }) as HTMLInputElement;
}

function select(name: string, options: [string, string][]): HTMLSelectElement {
  const choices = options.map(([value, label]) => el("option", { value }, label));
  return el("select", { name, id: `${name}-${crypto.randomUUID()}` }, ...choices) as HTMLSelectElement;
}

function applicationForm(call: Call): HTMLFormElement {
  const courses = call.courses_or_specialties.map((c): [string, string] => [c, c]);
  const consent = input("consent", "checkbox");
  const form = el(
    "form",
    { class: "apply" },
    field(t("givenName"), input("given_name")),
    field(t("familyName"), input("family_name")),
    field(t("email"), input("email", "email")),
    field(t("phone"), input("phone", "tel")),
    field(t("sex"), select("sex", [["female", t("female")], ["male", t("male")]])),
    field(t("country"), input("country_of_residence")),
    field(t("qualification"), input("qualification")),
    field(t("experience"), input("years_of_experience", "number")),
    field(t("course"), select("course", courses)),
    field(t("availableFrom"), input("available_from", "date")),
    field(t("availableUntil"), input("available_until", "date")),
    el("div", { class: "consent" }, consent, el("label", { for: consent.id }, t("consent"))),
    el("button", { type: "submit" }, t("apply")),
    el("div", { class: "outcome", "aria-live": "polite" }),
  ) as HTMLFormElement;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit(call, form);
  });
  return form;
}

async function submit(call: Call, form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "");
  const body = {
    contact: {
      given_name: text("given_name"),
      family_name: text("family_name"),
      email: text("email"),
      phone: text("phone"),
    },
    sex: text("sex"),
    country_of_residence: text("country_of_residence").toUpperCase(),
    qualifications: [text("qualification")],
    years_of_experience: Number(text("years_of_experience")),
    languages: ["en", "fr", "rw"],
    available_from: text("available_from"),
    available_until: text("available_until"),
    courses_or_specialties: [text("course")],
    consent: { notice_version: "2026-01", given_at: new Date().toISOString() },
  };
  const outcome = form.querySelector(".outcome") as HTMLElement;
  try {
    const created = await postJson<{ application_id: string; status?: string }>(
      `/api/recruitment/calls/${call.call_id}/applications`,
      body,
    );
    const id = el("output", { class: "application-id" }, created.application_id);
    outcome.replaceChildren(message(t("submitted")), el("p", {}, `${t("applicationId")}: `, id));
  } catch (error) {
    outcome.replaceChildren(message(`${t("failed")}: ${(error as Error).message}`, "alert"));
  }
}
