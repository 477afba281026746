// Which page a hash shows, and who it is for. The gateway enforces access on every call; the
// roles here only keep people from pages that could never work for them.
import type { Label } from "./i18n";
import { applicantPage } from "./pages/applicant";
import { dashboardPage } from "./pages/dashboard";
import { hostPage } from "./pages/host";
import { indicatorsPage } from "./pages/indicators";
import { missionPage } from "./pages/mission";
import { officerPage } from "./pages/officer";
import { operationsPage } from "./pages/operations";
import { pilotPage } from "./pages/pilot";
import { reviewerPage } from "./pages/reviewer";

type Page = (main: HTMLElement, parameter?: string) => void | Promise<void>;

interface Route {
  label: Label;
  page: Page;
  roles: string[];
  inMenu: boolean;
}

const ORGANISATIONS = ["iom_officer", "ministry_viewer", "host_institution", "pilot_project"];

export const ROUTES: Record<string, Route> = {
  applicant: { label: "applicant", page: applicantPage, roles: ["applicant"], inMenu: true },
  officer: { label: "officer", page: officerPage, roles: ["iom_officer"], inMenu: true },
  operations: { label: "operations", page: operationsPage, roles: ["iom_officer"], inMenu: true },
  reviewer: { label: "reviewer", page: reviewerPage, roles: ["reviewer"], inMenu: true },
  host: { label: "host", page: hostPage, roles: ["host_institution"], inMenu: true },
  pilot: { label: "pilot", page: pilotPage, roles: ["pilot_project"], inMenu: true },
  dashboard: { label: "dashboard", page: dashboardPage, roles: ["iom_officer", "ministry_viewer"], inMenu: true },
  indicators: { label: "indicators", page: indicatorsPage, roles: ORGANISATIONS, inMenu: true },
  mission: { label: "mission", page: missionPage, roles: ["host_institution", "iom_officer", "applicant"], inMenu: false },
};

/** The route a hash names ("#/mission/<id>" gives the mission route and the id). */
export function resolve(hash: string): [Route | undefined, string | undefined] {
  const [name, parameter] = hash.replace(/^#\//, "").split("/", 2);
  return [ROUTES[name], parameter ? decodeURIComponent(parameter) : undefined];
}

export function menu(role: string): [string, Label][] {
  return Object.entries(ROUTES)
    .filter(([, route]) => route.inMenu && route.roles.includes(role))
    .map(([name, route]) => [`#/${name}`, route.label]);
}

export const HOME: Record<string, string> = {
  applicant: "#/applicant",
  iom_officer: "#/officer",
  reviewer: "#/reviewer",
  host_institution: "#/host",
  pilot_project: "#/pilot",
  ministry_viewer: "#/dashboard",
};
