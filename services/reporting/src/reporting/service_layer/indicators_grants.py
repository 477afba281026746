"""Declared indicators 6 to 9 of the programme: pilot-project grants, mentoring, jobs,
satisfaction and cost."""

from .indicator_model import Indicator, Measure, Names, Tags

AWARDED = ("grants.grant.awarded.v1",)
PAID = ("grants.grant.disbursed.v1",)
VERIFIED = ("grants.jobs.verified.v1",)
MENTORING = ("grants.mentoring.session_held.v1",)
FEEDBACK = ("deployment.mission.feedback-given.v1",)
JOBS = Tags(sdg=("8.5", "8.6"), gcm=(19,), dac=16020)
GRANTS = Tags(sdg=("8.5",), gcm=(19,), dac=16020)
MONEY = "minor units of the grant's currency"
KIND_NAMES = {
    "total": Names(en="Jobs created", fr="Emplois créés", rw="Imirimo yahanzwe"),
    "women": Names(
        en="Jobs created held by women",
        fr="Emplois créés occupés par des femmes",
        rw="Imirimo yahanzwe ikorwa n'abagore",
    ),
    "youth": Names(
        en="Jobs created held by youth (under 35)",
        fr="Emplois créés occupés par des jeunes (moins de 35 ans)",
        rw="Imirimo yahanzwe ikorwa n'urubyiruko",
    ),
}


def jobs_verified(months: int, kind: str) -> Indicator:
    names = KIND_NAMES[kind]
    return Indicator(
        id=f"jobs-{kind}-{months}m",
        domain_item=8,
        names=Names(
            en=f"{names.en}, verified at {months} months",
            fr=f"{names.fr}, vérifiés à {months} mois",
            rw=f"{names.rw}, yemejwe nyuma y'amezi {months}",
        ),
        unit="jobs",
        source="grants",
        events=VERIFIED,
        tags=JOBS,
        measure=Measure("sum", f"jobs_{months}_{kind}"),
        disaggregations=("project", "sector"),
    )


def money(id_: str, field: str, names: Names, events: tuple[str, ...]) -> Indicator:
    return Indicator(
        id=id_,
        domain_item=6,
        names=names,
        unit=MONEY,
        source="grants",
        events=events,
        tags=GRANTS,
        measure=Measure("sum", field),
        disaggregations=("currency", "project", "sector"),
    )


def not_yet(id_: str, item: int, names: Names, unit: str, why: str) -> Indicator:
    return Indicator(
        id=id_,
        domain_item=item,
        names=names,
        unit=unit,
        source="grants",
        events=(),
        tags=GRANTS,
        measure=None,
        not_computable=why,
    )


def satisfaction(party: str, names: Names) -> Indicator:
    return Indicator(
        id=f"{party}-satisfaction",
        domain_item=9,
        names=names,
        unit="mean rating (1-5)",
        source="feedback",
        events=FEEDBACK,
        tags=Tags(gcm=(19,), dac=15190),
        measure=Measure("sum", "rating", {"given_by": (party,)}),
        per=Measure("count", None, {"given_by": (party,)}),
        disaggregations=("track", "institution"),
        baseline=None,
    )


GRANT_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="pilot-projects-funded",
        domain_item=6,
        names=Names(
            en="Pilot projects funded",
            fr="Projets pilotes financés",
            rw="Imishinga y'icyitegererezo yatewe inkunga",
        ),
        unit="projects",
        source="grants",
        events=AWARDED,
        tags=GRANTS,
        measure=Measure("distinct", "project"),
        disaggregations=("sector",),
        target=10,
    ),
    money(
        "amount-committed",
        "committed",
        Names(en="Amount committed", fr="Montant engagé", rw="Amafaranga yemejwe"),
        AWARDED,
    ),
    money(
        "amount-disbursed",
        "disbursed",
        Names(en="Amount disbursed", fr="Montant décaissé", rw="Amafaranga yatanzwe"),
        PAID,
    ),
    Indicator(
        id="tranches-on-time",
        domain_item=6,
        names=Names(
            en="Tranches released on time",
            fr="Tranches versées à temps",
            rw="Ijanisha ry'ibice by'inkunga byatanzwe ku gihe",
        ),
        unit="percent",
        source="grants",
        events=PAID,
        tags=GRANTS,
        measure=Measure("sum", "tranches_on_time"),
        per=Measure("sum", "tranches_paid"),
        scale=100,
        disaggregations=("project",),
        baseline=None,
    ),
    not_yet(
        "tranche-conditions-met",
        6,
        Names(
            en="Tranche conditions met",
            fr="Conditions de tranche remplies",
            rw="Ijanisha ry'ibisabwa byujujwe",
        ),
        "percent",
        "events say when a condition is met, never how many conditions a tranche has",
    ),
    Indicator(
        id="mentoring-sessions",
        domain_item=7,
        names=Names(en="Mentoring sessions", fr="Séances de mentorat", rw="Inama z'ubujyanama"),
        unit="sessions",
        source="grants",
        events=MENTORING,
        tags=GRANTS,
        measure=Measure("sum", "sessions"),
        disaggregations=("project", "sector"),
    ),
    Indicator(
        id="mentoring-hours",
        domain_item=7,
        names=Names(en="Mentoring hours", fr="Heures de mentorat", rw="Amasaha y'ubujyanama"),
        unit="hours",
        source="grants",
        events=MENTORING,
        tags=GRANTS,
        measure=Measure("sum", "mentoring_hours"),
        disaggregations=("project", "sector"),
    ),
    *(jobs_verified(months, kind) for months in (6, 12) for kind in KIND_NAMES),
    Indicator(
        id="pilots-operating-12m",
        domain_item=8,
        names=Names(
            en="Pilot projects still operating after 12 months",
            fr="Projets pilotes encore actifs après 12 mois",
            rw="Imishinga y'icyitegererezo igikora nyuma y'amezi 12",
        ),
        unit="projects",
        source="grants",
        events=VERIFIED,
        tags=JOBS,
        measure=Measure("distinct", "project", {"operating_12": (True,)}),
        disaggregations=("sector",),
    ),
    satisfaction(
        "host",
        Names(
            en="Host satisfaction with missions",
            fr="Satisfaction des institutions d'accueil",
            rw="Kunyurwa kw'ibigo byakiriye abanyamwuga",
        ),
    ),
    satisfaction(
        "professional",
        Names(
            en="Expert satisfaction with missions",
            fr="Satisfaction des experts",
            rw="Kunyurwa kw'abanyamwuga",
        ),
    ),
    not_yet(
        "cost-per-mission",
        9,
        Names(en="Cost per mission", fr="Coût par mission", rw="Igiciro kuri buri butumwa"),
        MONEY,
        "no event carries mission costs (travel, accommodation, allowance)",
    ),
    not_yet(
        "cost-per-trainee",
        9,
        Names(
            en="Cost per trainee", fr="Coût par personne formée", rw="Igiciro kuri buri wahuguwe"
        ),
        MONEY,
        "no event carries mission costs (travel, accommodation, allowance)",
    ),
)
