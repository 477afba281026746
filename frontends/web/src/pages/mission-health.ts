// A Health mission at a host hospital: the health services the professional delivered and the
// local staff trained, by cadre and sex, as the deployment service records them.
import { postJson } from "../api";
import { actionForm, choice, input, text } from "../forms";
import { el } from "../dom";
import { type Label, t } from "../i18n";

interface HealthMission {
  mission_id: string;
  starts_on: string;
}

const SERVICE_TYPES: [string, Label][] = [
  ["consultation", "consultation"],
  ["procedure", "procedure"],
  ["surgery", "surgery"],
  ["diagnostic", "diagnostic"],
  ["other", "otherKind"],
];

const CADRES: [string, Label][] = [
  ["nurse", "nurse"],
  ["midwife", "midwife"],
  ["doctor", "doctor"],
  ["technician", "technician"],
  ["other", "otherKind"],
];

export function healthForms(mission: HealthMission, refresh: () => Promise<void>): HTMLElement[] {
  return [
    el("h2", {}, t("recordHealthServices")),
    servicesForm(mission, refresh),
    el("h2", {}, t("recordStaffTrained")),
    staffForm(mission, refresh),
  ];
}

function options(values: [string, Label][]): [string, string][] {
  return values.map(([value, label]) => [value, t(label)]);
}

function servicesForm(mission: HealthMission, refresh: () => Promise<void>): HTMLFormElement {
  return actionForm(
    "health-services",
    [
      [t("date"), input("delivered_on", "date", mission.starts_on)],
      [t("serviceType"), choice("service_type", options(SERVICE_TYPES))],
      [t("servicesCount"), input("count", "number", "1")],
    ],
    t("recordHealthServices"),
    async (data) => {
      const body = {
        delivered_on: text(data, "delivered_on"),
        service_type: text(data, "service_type"),
        count: Number(text(data, "count")),
      };
      await postJson(`/api/deployment/missions/${mission.mission_id}/health-services`, body);
      await refresh();
      return t("done");
    },
  );
}

function staffForm(mission: HealthMission, refresh: () => Promise<void>): HTMLFormElement {
  return actionForm(
    "staff-trained",
    [
      [t("date"), input("trained_on", "date", mission.starts_on)],
      [t("cadre"), choice("cadre", options(CADRES))],
      [t("female"), input("female", "number", "0")],
      [t("male"), input("male", "number", "0")],
      [t("hours"), input("hours", "number", "4")],
    ],
    t("recordStaffTrained"),
    async (data) => {
      const number = (name: string) => Number(text(data, name));
      const body = {
        trained_on: text(data, "trained_on"),
        cadre: text(data, "cadre"),
        female: number("female"),
        male: number("male"),
        hours: number("hours"),
      };
      await postJson(`/api/deployment/missions/${mission.mission_id}/staff-trained`, body);
      await refresh();
      return t("done");
    },
  );
}
