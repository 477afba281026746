// Every label in English, French and Kinyarwanda; dates, numbers and money through Intl.
import { workEn } from "./labels/en";
import { workFr } from "./labels/fr";
import { workRw } from "./labels/rw";
import { STATUS_LABELS } from "./labels/status";

export type Locale = "en" | "fr" | "rw";
export const LOCALES: Locale[] = ["en", "fr", "rw"];

const baseEn = {
  title: "IOM diaspora programmes",
  language: "Language",
  signIn: "Sign in",
  signOut: "Sign out",
  chooseUser: "Choose a demo user",
  applicant: "Applicant portal",
  officer: "Officer console",
  dashboard: "Dashboard",
  openCalls: "Open calls",
  apply: "Apply",
  givenName: "Given name",
  familyName: "Family name",
  email: "E-mail",
  phone: "Phone",
  sex: "Sex",
  female: "Female",
  male: "Male",
  country: "Country of residence",
  qualification: "Qualification",
  experience: "Years of experience",
  course: "Course or specialty",
  availableFrom: "Available from",
  availableUntil: "Available until",
  consent: "I consent to the processing of my data for this programme",
  submitted: "Application submitted",
  applicationId: "Application number",
  status: "Status",
  acceptApplicant: "Accept an applicant",
  accept: "Accept",
  accepted: "Accepted",
  track: "Track",
  target: "Target",
  womenShare: "Women share",
  asOf: "As of",
  exports: "Exports",
  refreshing: "Refreshes every few seconds",
  notAllowed: "You are not allowed to see this page.",
  failed: "Something went wrong",
  closes: "Closes on",
};
const en = { ...baseEn, ...workEn };
export type Label = keyof typeof en;
type BaseLabel = keyof typeof baseEn;

const baseFr: Record<BaseLabel, string> = {
  title: "Programmes diaspora de l'OIM",
  language: "Langue",
  signIn: "Se connecter",
  signOut: "Se déconnecter",
  chooseUser: "Choisissez un utilisateur de démonstration",
  applicant: "Portail des candidats",
  officer: "Console des agents",
  dashboard: "Tableau de bord",
  openCalls: "Appels ouverts",
  apply: "Postuler",
  givenName: "Prénom",
  familyName: "Nom de famille",
  email: "Courriel",
  phone: "Téléphone",
  sex: "Sexe",
  female: "Femme",
  male: "Homme",
  country: "Pays de résidence",
  qualification: "Diplôme",
  experience: "Années d'expérience",
  course: "Filière ou spécialité",
  availableFrom: "Disponible à partir du",
  availableUntil: "Disponible jusqu'au",
  consent: "J'accepte le traitement de mes données pour ce programme",
  submitted: "Candidature envoyée",
  applicationId: "Numéro de candidature",
  status: "Statut",
  acceptApplicant: "Accepter un candidat",
  accept: "Accepter",
  accepted: "Acceptés",
  track: "Volet",
  target: "Cible",
  womenShare: "Part des femmes",
  asOf: "À jour au",
  exports: "Exports",
  refreshing: "Actualisé toutes les quelques secondes",
  notAllowed: "Vous n'avez pas accès à cette page.",
  failed: "Une erreur est survenue",
  closes: "Clôture le",
};

const baseRw: Record<BaseLabel, string> = {
  title: "Gahunda za IOM z'Abanyarwanda baba mu mahanga",
  language: "Ururimi",
  signIn: "Injira",
  signOut: "Sohoka",
  chooseUser: "Hitamo ukoresha w'igerageza",
  applicant: "Urubuga rw'abasaba",
  officer: "Urubuga rw'abakozi",
  dashboard: "Imbonerahamwe y'ibipimo",
  openCalls: "Amatangazo afunguye",
  apply: "Saba",
  givenName: "Izina bwite",
  familyName: "Izina ry'umuryango",
  email: "Imeri",
  phone: "Telefoni",
  sex: "Igitsina",
  female: "Gore",
  male: "Gabo",
  country: "Igihugu utuyemo",
  qualification: "Impamyabumenyi",
  experience: "Imyaka y'uburambe",
  course: "Ishami cyangwa inzobere",
  availableFrom: "Uboneka guhera",
  availableUntil: "Uboneka kugeza",
  consent: "Nemera ko amakuru yanjye akoreshwa muri iyi gahunda",
  submitted: "Ubusabe bwoherejwe",
  applicationId: "Nomero y'ubusabe",
  status: "Uko bihagaze",
  acceptApplicant: "Emeza usaba",
  accept: "Emeza",
  accepted: "Bemejwe",
  track: "Icyiciro",
  target: "Intego",
  womenShare: "Umugabane w'abagore",
  asOf: "Kugeza ku",
  exports: "Gukuramo",
  refreshing: "Bivugururwa buri masegonda make",
  notAllowed: "Ntiwemerewe kureba uru rupapuro.",
  failed: "Habaye ikibazo",
  closes: "Birangira ku",
};

const fr: Record<Label, string> = { ...baseFr, ...workFr };
const rw: Record<Label, string> = { ...baseRw, ...workRw };
const LABELS: Record<Locale, Record<Label, string>> = { en, fr, rw };
const STORAGE = "diaspora.locale";

export function currentLocale(): Locale {
  const stored = localStorage.getItem(STORAGE);
  return LOCALES.includes(stored as Locale) ? (stored as Locale) : "en";
}

export function setLocale(locale: Locale): void {
  localStorage.setItem(STORAGE, locale);
  document.documentElement.lang = locale;
}

export function t(label: Label, locale: Locale = currentLocale()): string {
  return LABELS[locale][label];
}

/** A record's state in the reader's language; a state not named here shows as it is. */
export function statusText(status: string, locale: Locale = currentLocale()): string {
  return STATUS_LABELS[locale][status] ?? status.replace(/_/g, " ");
}

// Kinyarwanda formatting data is thin in browsers; rw-RW falls back gracefully through Intl.
const INTL_TAG: Record<Locale, string> = { en: "en-GB", fr: "fr-FR", rw: "rw-RW" };

export function formatDate(iso: string | Date, locale: Locale = currentLocale()): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(INTL_TAG[locale], { dateStyle: "medium" }).format(date);
}

export function formatDateTime(date: Date, locale: Locale = currentLocale()): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "medium" };
  return new Intl.DateTimeFormat(INTL_TAG[locale], options).format(date);
}

export function formatMoney(amount: number, currency: string, locale = currentLocale()): string {
  return new Intl.NumberFormat(INTL_TAG[locale], { style: "currency", currency }).format(amount);
}

function fractionDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Amounts travel in the currency's minor units (cents; a Rwandan franc has none). */
export function formatMinor(minorUnits: number, currency: string, locale = currentLocale()): string {
  return formatMoney(minorUnits / 10 ** fractionDigits(currency), currency, locale);
}

export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** fractionDigits(currency));
}

export function formatPercent(share: number, locale: Locale = currentLocale()): string {
  return new Intl.NumberFormat(INTL_TAG[locale], { style: "percent" }).format(share);
}

export const SMALL_CELL = 5;

/** Counts under the small-cell threshold are shown as "<5" so no one can be singled out. */
export function cell(count: number): string {
  return count > 0 && count < SMALL_CELL ? `<${SMALL_CELL}` : String(count);
}
