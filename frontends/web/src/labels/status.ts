// The states records go through (applications, offers, selection outcomes, requests,
// missions), as each language names them; the API's own values stay in data-status.
export const STATUS_LABELS: Record<"en" | "fr" | "rw", Record<string, string>> = {
  en: {
    eligible: "Eligible", ineligible: "Not eligible", offered: "Offered", waitlisted: "On the waiting list",
    not_selected: "Not selected", selected: "Selected", accepted: "Accepted", declined: "Declined",
    expired: "Expired", withdrawn: "Withdrawn", submitted: "Submitted", approved: "Approved",
    returned: "Returned", planned: "Planned", confirmed: "Confirmed", started: "Started",
    extended: "Extended", completed: "Completed", cancelled: "Cancelled",
  },
  fr: {
    eligible: "Éligible", ineligible: "Non éligible", offered: "Offre envoyée", waitlisted: "Sur liste d'attente",
    not_selected: "Non retenu", selected: "Retenu", accepted: "Accepté", declined: "Refusé",
    expired: "Expiré", withdrawn: "Retiré", submitted: "Envoyée", approved: "Approuvée",
    returned: "Renvoyée", planned: "Planifiée", confirmed: "Confirmée", started: "Commencée",
    extended: "Prolongée", completed: "Terminée", cancelled: "Annulée",
  },
  rw: {
    eligible: "Yujuje ibisabwa", ineligible: "Ntiyujuje ibisabwa", offered: "Yahawe icyifuzo",
    waitlisted: "Ku rutonde rw'abategereje", not_selected: "Ntiyatoranyijwe", selected: "Yatoranyijwe",
    accepted: "Yemewe", declined: "Yanze", expired: "Cyarangiye", withdrawn: "Yakuyemo ubusabe",
    submitted: "Bwoherejwe", approved: "Bwemejwe", returned: "Bwasubijwe", planned: "Bwateguwe",
    confirmed: "Bwemejwe", started: "Bwatangiye", extended: "Bwongerewe igihe", completed: "Bwarangiye",
    cancelled: "Bwahagaritswe",
  },
};
