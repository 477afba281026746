// A Health mission's records at its host hospital: health services delivered and local staff
// trained (a TVET mission records training sessions instead, in mission.ts).
import { postJson } from "../api";
import { el } from "../dom";
import { actionForm, choice, input, text } from "../forms";
import { t } from "../i18n";

const SERVICE_TYPES = ["consultation", "procedure", "surgery", "diagnostic", "other"];
const CADRES = ["nurse", "midwife", "doctor", "technician", "other"];

interface HealthMission {
  mission_id: string;
  starts_on: string;
}

export function healthForms(mission: HealthMission, refresh: () => Promise<void>): HTMLElement[] {
  return [
    el("h2", {}, t("recordHealthServices")),
    healthServicesForm(mission, refresh),
    el("h2", {}, t("recordStaffTrained")),
    staffTrainedForm(mission, refresh),
  ];
}

function healthServicesForm(mission: HealthMission, refresh: () => Promise<void>): HTMLFormElement {
  return actionForm(
    "health-services",
    [
      [t("date"), input("delivered_on", "date", mission.starts_on)],
      [t("serviceType"), choice("service_type", SERVICE_TYPES.map((type) => [type, type]))],
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
      return t("healthServicesRecorded");
    },
  );
}

function staffTrainedForm(mission: HealthMission, refresh: () => Promise<void>): HTMLFormElement {
  return actionForm(
    "staff-trained",
    [
      [t("date"), input("trained_on", "date", mission.starts_on)],
      [t("cadre"), choice("cadre", CADRES.map((cadre) => [cadre, cadre]))],
      [t("staffFemale"), input("female", "number", "0")],
      [t("staffMale"), input("male", "number", "0")],
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
      return t("staffTrainedRecorded");
    },
  );
}
