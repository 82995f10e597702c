"""How often each closed answer is given in the demo: relative weights or chances.

A ``{code: weight}`` mapping is a distribution (weights need not add up to anything);
a ``{code: chance}`` mapping of ``*_CHANCES`` holds independent chances of the codes of
one select_multiple question.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- respondents

# Declined optional questions cluster in a few respondents: 20% are reticent and
# decline 15% of the optional closed questions (3% overall); the others answer all.
RETICENT_SHARE = 0.20
DECLINE_SHARE = 0.15
UIC_SHARE = 0.85  # interviews with the client-code parts filled in
REPEAT_SHARE = 0.055  # attempts to re-interview an earlier respondent
POOL_SIZE = 50_000  # earlier respondents remembered for repeat interviews
UIC_BIRTH_YEARS = (1930, 2010)  # the questionnaire accepts these birth years

SEX = {"female": 88.0, "trans_woman": 8.0, "male": 3.0, "trans_man": 0.5, "other": 0.5}
FEMININE_SEX = frozenset({"female", "trans_woman", "other"})  # addressed in the feminine

# (first age, last age, weight of each year of age in between)
AGE_BANDS = (
    (18, 18, 2.0),
    (19, 19, 3.5),
    (20, 20, 5.0),
    (21, 21, 6.5),
    (22, 33, 8.0),
    (34, 40, 6.0),
    (41, 45, 3.0),
    (46, 50, 1.5),
    (51, 55, 0.7),
    (56, 60, 0.3),
)

CITIZENSHIP = {
    "KZ": 87.0,
    "KG": 4.5,
    "UZ": 4.0,
    "TJ": 1.5,
    "RU": 1.5,
    "CN": 0.5,
    "stateless": 0.4,
    "TM": 0.3,
    "other": 0.3,
}
ETHNICITY_BY_CITIZENSHIP = {
    "KZ": {
        "kazakh": 60.0,
        "russian": 24.0,
        "uyghur": 5.0,
        "tatar": 2.5,
        "uzbek": 2.0,
        "korean": 1.5,
        "ukrainian": 1.5,
        "kyrgyz": 1.0,
        "other": 2.5,
    },
    "KG": {"kyrgyz": 80.0, "uzbek": 8.0, "russian": 7.0, "other": 5.0},
    "UZ": {"uzbek": 85.0, "kazakh": 5.0, "russian": 4.0, "other": 6.0},
    "TJ": {"other": 80.0, "uzbek": 20.0},
    "RU": {"russian": 70.0, "tatar": 10.0, "kazakh": 10.0, "ukrainian": 5.0, "other": 5.0},
    "CN": {"kazakh": 50.0, "uyghur": 40.0, "other": 10.0},
    "TM": {"other": 70.0, "uzbek": 20.0, "kazakh": 10.0},
    "stateless": {"kazakh": 30.0, "russian": 30.0, "uzbek": 10.0, "other": 30.0},
    "other": {"other": 60.0, "russian": 20.0, "ukrainian": 20.0},
}
HAS_ID_SHARE = {"KZ": 0.93, "stateless": 0.15}
MIGRANT_HAS_ID_SHARE = 0.6  # any other citizenship

MARITAL = {"single": 55.0, "divorced": 28.0, "married": 10.0, "widowed": 7.0}
EDUCATION = {
    "secondary": 40.0,
    "vocational": 30.0,
    "incomplete_secondary": 15.0,
    "higher": 12.0,
    "primary": 3.0,
}
EXPERIENCE = {"lt_6m": 10.0, "about_1y": 17.0, "gt_1y": 33.0, "gt_3y": 40.0}
EXPERIENCE_UNDER_21 = {"lt_6m": 25.0, "about_1y": 35.0, "gt_1y": 40.0}
PUNISHABLE = {"no": 40.0, "yes": 35.0, "dont_know": 25.0}

# Independent venue chances, conditional on at least one venue: about 65% of the
# respondents name one venue type, the others two or three.
VENUE_CHANCES = {
    "street": 0.06,
    "on_call": 0.22,
    "sauna": 0.25,
    "hotel": 0.07,
    "apartment": 0.18,
    "online": 0.13,
}
VENUE_CHANCES_TRANS_WOMEN = {
    "street": 0.15,
    "on_call": 0.18,
    "sauna": 0.04,
    "hotel": 0.05,
    "apartment": 0.15,
    "online": 0.25,
}

# Key populations: (yes, no) odds of injecting drugs; of opioid substitution therapy and
# of living with HIV, by whether the respondent injects drugs; and of sex work when
# another key population is named (without one it is always named).
PWID_ODDS = (0.06, 0.94)
OST_ODDS_BY_PWID = {True: (0.45, 0.55), False: (0.005, 0.995)}
PLHIV_ODDS_BY_PWID = {True: (0.35, 0.65), False: (0.09, 0.91)}
SEX_WORK_WITH_ANOTHER_POPULATION = 0.97

REGION = {
    "zhetysu": 85.0,
    "almaty_region": 8.0,
    "almaty_city": 3.0,
    "abai": 1.0,
    "zhambyl": 1.0,
    "east_kazakhstan": 0.8,
    "astana": 0.5,
    "karaganda": 0.4,
    "turkistan": 0.3,
}
DISTRICT_BY_REGION = {
    "zhetysu": {
        "taldykorgan": 55.0,
        "tekeli": 8.0,
        "eskeldi": 6.0,
        "karatal": 6.0,
        "alakol": 6.0,
        "panfilov": 5.0,
        "aksu": 4.0,
        "kerbulak": 4.0,
        "koksu": 3.0,
        "sarkand": 3.0,
    },
    "almaty_region": {
        "konaev": 25.0,
        "talgar": 15.0,
        "karasai": 12.0,
        "enbekshikazakh": 10.0,
        "ili": 10.0,
        "zhambyl_district": 7.0,
        "alatau": 6.0,
        "balkhash": 4.0,
        "uighur": 4.0,
        "raiymbek": 4.0,
        "kegen": 3.0,
    },
}

# Fieldwork: little of it on weekends.
WEEKDAY_WEIGHT = (1.0, 1.0, 1.0, 1.0, 0.9, 0.5, 0.2)  # Monday .. Sunday

# --------------------------------------------------------------------------- violations

POLICE_CHANCES = {
    "extortion": 0.55,
    "beating_torture": 0.12,
    "threats_blackmail": 0.40,
    "robbery": 0.15,
    "humiliation": 0.50,
    "unlawful_detention": 0.35,
    "passport_taken": 0.08,
    "drugs_planted": 0.03,
    "rape": 0.04,
    "gang_rape": 0.007,
    "unlawful_fine": 0.15,
    "forced_hiv_test": 0.06,
    "refused_medical_services": 0.03,
}
POLICE_CHANCES_MIGRANT = {"passport_taken": 0.30, "extortion": 0.65}  # instead of the above
POLICE_CHANCES_PWID = {"drugs_planted": 0.15, "forced_hiv_test": 0.12}
# Violations that happen in custody: likely with a detention, rare without one.
POLICE_CUSTODY_CHANCES = {  # code: (with a detention, without)
    "no_call_to_relatives": (0.35, 0.03),
    "detention_conditions": (0.22, 0.01),
    "no_lawyer": (0.30, 0.02),
    "rights_not_explained": (0.45, 0.04),
    "no_medical_aid": (0.10, 0.01),
}
# The choice list's order, which the answer keeps.
POLICE_ORDER = (
    "extortion",
    "beating_torture",
    "threats_blackmail",
    "robbery",
    "humiliation",
    "unlawful_detention",
    "passport_taken",
    "no_call_to_relatives",
    "detention_conditions",
    "no_lawyer",
    "rights_not_explained",
    "no_medical_aid",
    "drugs_planted",
    "rape",
    "gang_rape",
    "unlawful_fine",
    "forced_hiv_test",
    "refused_medical_services",
)
# The one violation of a respondent whose independent draws gave none.
POLICE_FALLBACK = {"extortion": 4.0, "humiliation": 3.0, "threats_blackmail": 2.0, "unlawful_detention": 2.0}

MEDICAL_CHANCES = {
    "extortion": 0.10,
    "beating_torture": 0.01,
    "threats_blackmail": 0.06,
    "humiliation": 0.55,
    "forced_hiv_test": 0.25,
    "refused_medical_services": 0.35,
    "free_care_rights_not_explained": 0.20,
    "hiv_status_disclosed": 0.12,
}
HIV_STATUS_DISCLOSED_PLHIV = 0.55  # instead of the above, for people living with HIV
MEDICAL_FALLBACK = {
    "humiliation": 4.0,
    "refused_medical_services": 3.0,
    "forced_hiv_test": 2.0,
    "hiv_status_disclosed": 1.0,
}

# --------------------------------------------------------------------------- detention (section 3)

DETENTIONS = {
    "0": 30.0,
    "1": 35.0,
    "2": 14.0,
    "3": 8.0,
    "4": 4.0,
    "5": 3.0,
    "6": 2.0,
    "8": 1.5,
    "10": 1.2,
    "15": 0.8,
    "20": 0.3,
    "30": 0.2,
}
RAIDS = {"0": 50.0, "1": 25.0, "2": 10.0, "3": 6.0, "4": 4.0, "5": 2.5, "8": 1.5, "10": 1.0}
AFTER_DETENTION_CHANCES = {
    "released_for_money": 0.35,
    "released_free": 0.25,
    "forced_free_sex": 0.06,
    "protocol_drawn": 0.25,
    "held_in_reception_centre": 0.08,
    "fine_taken": 0.12,
    "admin_penalty": 0.12,
    "other": 0.03,
}
AFTER_DETENTION_FALLBACK = {"released_free": 3.0, "released_for_money": 3.0, "protocol_drawn": 2.0}
RELATIVES_NOTIFIED = {"not_notified": 50.0, "after_hours": 20.0, "after_delivery": 20.0, "on_site": 10.0}
ADMIN_PROTOCOL = {"none": 45.0, "after_delivery": 25.0, "on_site": 15.0, "after_hours": 15.0}
HELD_WHERE = {
    "station_office": 50.0,
    "holding_cell": 30.0,
    "other": 12.0,
    "temporary_detention_facility": 8.0,
}
HOURS = {
    "1": 10.0,
    "2": 15.0,
    "3": 20.0,
    "5": 15.0,
    "6": 10.0,
    "8": 8.0,
    "12": 10.0,
    "24": 8.0,
    "48": 3.0,
    "72": 1.0,
}
COURT_HOURS = {"3": 10.0, "5": 10.0, "12": 15.0, "24": 30.0, "48": 25.0, "72": 10.0}
# KZT a month; per week and per day are derived from it, rounded to 500.
MONTHLY_PAYMENT = {
    5000: 15.0,
    10000: 25.0,
    15000: 10.0,
    20000: 20.0,
    30000: 12.0,
    50000: 10.0,
    70000: 4.0,
    100000: 4.0,
}
FINE = {
    "7500": 10.0,
    "15000": 20.0,
    "20000": 20.0,
    "30000": 15.0,
    "40000": 20.0,
    "50000": 10.0,
    "80000": 5.0,
}
FINE_PAID_TO = {"cashier": 55.0, "officer_in_hand": 45.0}

# Sums of money a narrative names ({amt} in a fragment), as written in both languages.
NARRATIVE_AMOUNTS = ("5 000", "10 000", "15 000", "20 000", "30 000", "50 000")
