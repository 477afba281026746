"""Countries the programmes recruit from: the diaspora living in Europe (ISO 3166-1 alpha-2)."""

EUROPEAN_COUNTRIES = frozenset(
    "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MC MD ME "
    "MK MT NL NO PL PT RO RS SE SI SK SM UA VA XK".split()
)
