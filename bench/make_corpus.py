#!/usr/bin/env python3
"""Generate a synthetic, deterministic fact-check corpus for benchmarking.

    python bench/make_corpus.py --articles N --claims M --seed S --out DIR

Writes into DIR:
  site.yaml                 the site's configuration
  sources/<id>.md           N news-like articles (YAML front matter + plain paragraphs)
  claims/claims-NNN.yaml    M claims, ~100 per file
  gold.yaml                 the expected (claim, source) stances and evidence, in the
                            format of shared/eval/README.md (silent pairs omitted)

Everything comes from one seeded random.Random: the same arguments give byte-identical
files. No wall-clock, no external data.

About half of the claims are "planted": a fact sentence is written (lightly varied) into
1-5 articles, and the claim is a paraphrase of it (reordered, synonyms, dropped words,
British/American spelling). About 30% of the planted claims change one detail (a number,
year, weekday, place or person), so their gold stance is `differs`. The other claims are
built from the same vocabulary and fact shapes but are never planted anywhere.

With --dense, every paragraph after the lede is made of claim-like statements drawn from a
pool of 400 facts shared by the whole corpus, as in a wire feed: the same figures, places,
organisations and verbs recur across thousands of articles (the planted claims are
planted as before; an unplanted claim may now happen to meet a pool fact, which the gold
does not list).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

FIRST_NAMES = """
Amara Benedikt Carmen Dmitri Elena Farid Gabriela Hiroshi Ingrid Javier Kwame Leila
Mateo Nadia Oskar Priya Quentin Rosa Samuel Tamsin Ulrich Valentina Wen Ximena Yusuf
Zofia Adrian Beatriz Callum Delphine Emeka Fiona Gustavo Hanna Ibrahim Julia Kenji
Lucia Marcus Nkechi Olivia Pavel Rania Stefan Thandiwe Ursula Viktor Wanjiru Yara
Anders Bianca Cormac Dalia Esteban Freya Goran Helena Isaac Jana Kofi Lars Mireille
Niamh Orlando Petra Rashid Sofia Tomasz Uma Vincent Willa Xavier Yvonne Zainab
Alistair Bronwyn Cedric Dagny Eamon Fatima Gideon Harriet Ilse Joaquin Katarina Lionel
""".split()

SURNAMES = """
Abernathy Baptiste Castellanos Delacroix Eriksen Fontaine Gallagher Haddad Iwasaki
Jovanovic Kowalczyk Lindqvist Mbeki Novak Okonkwo Petrov Quintero Rasmussen Sandoval
Takahashi Underwood Vasquez Whitfield Xu Yilmaz Zimmermann Achterberg Brennan Chaudhry
Dubois Esposito Fitzgerald Grünewald Halvorsen Ivanova Jablonski Kaczmarek Lombardi
Moreau Nakamura Oyelaran Pellegrini Quigley Rossi Schneider Tanaka Ulloa Varga
Wojcik Yamamoto Zielinski Andersson Bergström Carvalho Donnelly Eklund Ferreira
Gutierrez Hoffmann Ibarra Janssen Kuznetsov Laurent Mahlangu Nieminen O'Sullivan
Papadopoulos Reyes Sorensen Thorne Uddin Valdés Weller Ashworth Blackwood Crane
Duarte Ellery Falkner Greaves Holloway Ingram Jessop Kerrigan Lachance Merriweather
""".split()

CITIES = """
Arlington Bramford Calderport Dunmore Eastwick Fairhaven Glenrock Harrowgate Ironbridge
Juniper\u00a0Falls Kingsmere Lakeshore Millbrook Northampton Oakridge Port\u00a0Elling
Queensbury Riverton Stonehaven Thornbury Upton Valemont Westford Yarrow Zennor
Ashcombe Birchfield Corran Dalston Elmhurst Foxley Greystone Hartwell Inverlee
Kestrel\u00a0Bay Larchmont Marlow Newhaven Ormsby Pendleton Redcliffe Saltash
Tidewater Wexham Aldermoor Brackenridge Coldwater Drayton Everleigh Fernhill
Galloway\u00a0Point Holmwood Kirkby Lindale Moorfield Netherby Oldcastle Pinewood
Ravensworth Selby Tamworth Wyndham
""".replace("\u00a0", "_").split()
CITIES = [c.replace("_", " ") for c in CITIES]

REGIONS = """
Northern_Province Eastern_Cape Highland_County Coastal_District Western_Region
Lake_District River_Valley Southern_Territory Central_Plains Midland_Region
Upper_Basin Red_Hills Bay_Area_District Marsh_County Granite_Region Pine_County
""".split()
REGIONS = [r.replace("_", " ") for r in REGIONS]

COUNTRIES = """
Norland Ostravia Meridia Caldonia Vesterland Arcadia Lusitra Bravonia Kestria Tallemark
Zephyria Orinoco Belmora Sardinia Valdoria Pelagia
""".split()

OUTLETS = [
    "The Northern Herald", "Daily Ledger", "Coastal Times", "The Metro Standard",
    "Evening Courier", "The Valley Gazette", "Capital Dispatch", "The Morning Record",
    "Harbour Post", "The Regional Observer", "Weekly Sentinel", "The Civic Tribune",
    "Midland Chronicle", "The Independent Review", "Frontier News", "Plains Journal",
]

# Topic vocabularies: objects (countable things a story is about), issues (abstract
# subjects), organisations, roles, units with a plausible range.
TOPICS = {
    "transport": dict(
        objects=["rail line", "bypass", "bridge", "tram extension", "bus depot", "cycle path",
                 "ring road", "ferry terminal", "station upgrade", "tunnel"],
        issues=["congestion", "fare increases", "delays", "road safety", "commuter numbers"],
        orgs=["Department of Transport", "Regional Rail Authority", "Metro Transit Board",
              "Highways Agency", "Port Authority"],
        roles=["transport minister", "chief executive", "project director", "city engineer",
               "spokesperson"],
        units=[("kilometre", "kilometer", 2, 180, 0), ("passenger", None, 1200, 90000, 0),
               ("minute", None, 4, 55, 0)],
    ),
    "health": dict(
        objects=["hospital wing", "clinic", "maternity unit", "vaccination centre",
                 "ambulance station", "cancer ward", "mental health service", "A&E department"],
        issues=["waiting lists", "staff shortages", "bed occupancy", "vaccination rates",
                "emergency response times"],
        orgs=["Health Ministry", "Regional Health Board", "Public Health Institute",
              "Nurses' Union", "Hospital Trust"],
        roles=["health minister", "chief medical officer", "hospital director",
               "union representative", "epidemiologist"],
        units=[("bed", None, 20, 900, 0), ("patient", None, 150, 45000, 0),
               ("nurse", None, 12, 2400, 0)],
    ),
    "energy": dict(
        objects=["wind farm", "solar park", "power station", "battery plant", "gas pipeline",
                 "hydro dam", "substation", "grid interconnector"],
        issues=["electricity prices", "emissions", "blackouts", "fuel poverty",
                "renewable targets"],
        orgs=["Energy Regulator", "National Grid Company", "Ministry of Energy",
              "Renewables Association", "Power Workers' Federation"],
        roles=["energy minister", "grid operator", "chief economist", "plant manager",
               "regulator"],
        units=[("megawatt", None, 15, 2400, 0), ("household", None, 800, 350000, 0),
               ("tonne", None, 500, 900000, 0)],
    ),
    "housing": dict(
        objects=["housing estate", "tower block", "affordable housing scheme",
                 "retirement village", "student accommodation block", "social housing project",
                 "regeneration zone"],
        issues=["rents", "homelessness", "house prices", "planning delays", "overcrowding"],
        orgs=["Housing Association", "City Planning Office", "Tenants' Federation",
              "Ministry of Housing", "Builders' Guild"],
        roles=["housing minister", "planning officer", "council leader", "developer",
               "tenants' advocate"],
        units=[("home", None, 40, 12000, 0), ("flat", None, 24, 3600, 0),
               ("hectare", None, 2, 450, 0)],
    ),
    "education": dict(
        objects=["secondary school", "university campus", "library", "science centre",
                 "primary school", "vocational college", "teacher training programme"],
        issues=["class sizes", "exam results", "tuition fees", "teacher pay", "truancy"],
        orgs=["Education Ministry", "Teachers' Union", "School Board", "University Council",
              "Examinations Authority"],
        roles=["education minister", "head teacher", "vice-chancellor", "union leader",
               "school inspector"],
        units=[("pupil", None, 90, 28000, 0), ("teacher", None, 10, 4000, 0),
               ("classroom", None, 4, 300, 0)],
    ),
    "agriculture": dict(
        objects=["irrigation scheme", "grain silo", "dairy cooperative", "orchard",
                 "fish farm", "livestock market", "fertiliser plant"],
        issues=["crop yields", "drought", "food prices", "subsidies", "soil erosion"],
        orgs=["Farmers' Union", "Ministry of Agriculture", "Grain Board",
              "Rural Development Agency", "Fisheries Council"],
        roles=["agriculture minister", "farmer", "agronomist", "cooperative chair",
               "market analyst"],
        units=[("tonne", None, 300, 800000, 0), ("hectare", None, 10, 60000, 0),
               ("litre", "liter", 1000, 9000000, 0)],
    ),
    "trade": dict(
        objects=["free-trade agreement", "customs post", "container port", "export zone",
                 "logistics hub", "tariff schedule", "trade mission"],
        issues=["exports", "tariffs", "the trade deficit", "supply chains", "currency swings"],
        orgs=["Chamber of Commerce", "Trade Ministry", "Exporters' Council",
              "Customs Service", "Central Bank"],
        roles=["trade minister", "chief negotiator", "economist", "customs director",
               "business leader"],
        units=[("container", None, 2000, 950000, 0), ("job", None, 50, 40000, 0),
               ("company", None, 12, 3200, 0)],
    ),
    "water": dict(
        objects=["reservoir", "treatment plant", "flood barrier", "sewer upgrade",
                 "desalination plant", "water main", "sea wall"],
        issues=["flooding", "water quality", "leaks", "hosepipe bans", "river pollution"],
        orgs=["Water Authority", "Environment Agency", "Flood Defence Board",
              "Rivers Trust", "Utilities Commission"],
        roles=["environment minister", "hydrologist", "utility chief", "campaigner",
               "flood warden"],
        units=[("litre", "liter", 20000, 90000000, 0), ("metre", "meter", 2, 4800, 0),
               ("property", None, 30, 18000, 0)],
    ),
    "technology": dict(
        objects=["data centre", "broadband rollout", "semiconductor plant", "research lab",
                 "5G network", "digital ID system", "software academy"],
        issues=["cyber attacks", "data privacy", "digital skills", "outages",
                "connectivity gaps"],
        orgs=["Digital Agency", "Telecoms Regulator", "Cyber Security Centre",
              "Technology Council", "Innovation Fund"],
        roles=["digital minister", "chief technology officer", "security researcher",
               "founder", "analyst"],
        units=[("user", None, 500, 4000000, 0), ("server", None, 40, 60000, 0),
               ("engineer", None, 8, 5000, 0)],
    ),
    "budget": dict(
        objects=["annual budget", "stimulus package", "pension reform", "tax rebate",
                 "spending review", "infrastructure fund", "bond issue"],
        issues=["inflation", "public debt", "tax receipts", "the deficit", "unemployment"],
        orgs=["Finance Ministry", "Treasury", "Budget Office", "Audit Commission",
              "Statistics Bureau"],
        roles=["finance minister", "treasurer", "auditor-general", "chief statistician",
               "opposition spokesperson"],
        units=[("taxpayer", None, 1000, 2500000, 0), ("civil servant", None, 100, 90000, 0),
               ("pensioner", None, 500, 700000, 0)],
    ),
    "defence": dict(
        objects=["naval base", "frigate programme", "air defence system", "barracks",
                 "training exercise", "helicopter fleet", "cyber command"],
        issues=["recruitment", "procurement delays", "border security", "veterans' care",
                "military spending"],
        orgs=["Ministry of Defence", "Armed Forces Council", "Veterans' Association",
              "Defence Procurement Agency", "Coast Guard"],
        roles=["defence minister", "general", "admiral", "procurement chief",
               "security analyst"],
        units=[("soldier", None, 80, 30000, 0), ("vehicle", None, 6, 900, 0),
               ("aircraft", None, 2, 140, 0)],
    ),
}

# British -> American spellings used in text; applied to claims/articles as a variant.
SPELLING = [
    ("centre", "center"), ("programme", "program"), ("defence", "defense"),
    ("organisation", "organization"), ("labour", "labor"), ("kilometre", "kilometer"),
    ("metre", "meter"), ("litre", "liter"), ("fertiliser", "fertilizer"),
    ("harbour", "harbor"), ("neighbour", "neighbor"), ("modernise", "modernize"),
    ("criticised", "criticized"), ("authorised", "authorized"), ("favour", "favor"),
    ("travelled", "traveled"), ("colour", "color"), ("recognised", "recognized"),
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

SAID = ["said", "told reporters", "said in a statement", "told the newspaper",
        "said at a press conference", "wrote in a letter", "added", "told a committee",
        "said on local radio", "noted"]

ADJ_GOOD = ["welcome", "long overdue", "a significant step", "a turning point",
            "good news for families", "a major boost", "encouraging", "a fair compromise"]
ADJ_BAD = ["disappointing", "a missed opportunity", "deeply worrying", "a false economy",
           "unaffordable", "poorly planned", "rushed", "short-sighted"]

CONNECTIVES = ["Meanwhile,", "However,", "At the same time,", "Separately,", "Still,",
               "In addition,", "Earlier this year,", "By contrast,", "For now,",
               "According to officials,", "Critics say that", "Supporters argue that"]

VERBS_UP = ["rose", "increased", "climbed", "jumped", "grew"]
VERBS_DOWN = ["fell", "dropped", "declined", "slipped", "decreased"]

PUBLIC = ["residents", "commuters", "parents", "local businesses", "farmers", "patients",
          "workers", "pensioners", "students", "campaigners", "shop owners", "tenants"]

EVENTS = ["storm", "fire", "flood", "power cut", "chemical leak", "landslide", "strike",
          "gas explosion", "train derailment", "heatwave"]


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def slugify(text: str) -> str:
    s = text.lower().replace("’", "").replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return re.sub(r"-+", "-", s)


def _swap(text: str, pairs) -> str:
    for a, b in pairs:
        for x, y in ((a, b), (a.capitalize(), b.capitalize())):
            text = re.sub(r"\b" + x + r"(s|d|ed|ing)?\b", lambda m, y=y: y + (m.group(1) or ""), text)
    return text


def americanise(text: str) -> str:
    return _swap(text, SPELLING)


def britishise(text: str) -> str:
    return _swap(text, [(b, a) for a, b in SPELLING])


def fmt_int(n: int) -> str:
    return f"{n:,}"


def plural(word: str, n: float) -> str:
    if n == 1:
        return word
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word in ("aircraft",):
        return word
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def a_an(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" or word.startswith("A&E") else "a"


@dataclass
class Person:
    first: str
    last: str
    role: str
    org: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


class Vocab:
    """Random draws from the vocabularies, all through one random.Random."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def pick(self, seq):
        return self.r.choice(seq)

    def topic(self) -> str:
        return self.r.choice(sorted(TOPICS))

    def person(self, topic: str) -> Person:
        t = TOPICS[topic]
        return Person(self.pick(FIRST_NAMES), self.pick(SURNAMES), self.pick(t["roles"]),
                      self.pick(t["orgs"]))

    def place(self) -> str:
        return self.pick(CITIES)

    def date(self, y0=2016, y1=2024) -> dt.date:
        start = dt.date(y0, 1, 1).toordinal()
        end = dt.date(y1, 12, 31).toordinal()
        return dt.date.fromordinal(self.r.randint(start, end))

    def date_text(self, d: dt.date, style: int | None = None) -> str:
        style = self.r.randrange(3) if style is None else style
        if style == 0:
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if style == 1:
            return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
        return f"{MONTHS[d.month - 1]} {d.year}"

    def money_value(self) -> tuple[str, float, str]:
        cur = self.pick(["$", "£", "€", "$", "£"])
        scale = self.pick(["million", "million", "billion", "thousand"])
        if scale == "thousand":
            v = self.r.randrange(20, 950) * 1000
            return cur, v, "thousand"
        v = round(self.r.uniform(1.1, 95.0), self.pick([0, 1, 1, 2]))
        if v == int(v):
            v = int(v)
        return cur, v, scale

    @staticmethod
    def money_text(cur: str, v: float, scale: str) -> str:
        if scale == "thousand":
            return f"{cur}{fmt_int(int(v))}"
        return f"{cur}{v} {scale}"

    def money(self) -> str:
        return self.money_text(*self.money_value())

    def pct_value(self) -> float:
        v = round(self.r.uniform(0.5, 68.0), self.pick([0, 1, 1]))
        return int(v) if v == int(v) else v

    def pct_text(self, v: float, style: int | None = None) -> str:
        style = self.r.randrange(3) if style is None else style
        return [f"{v}%", f"{v} per cent", f"{v} percent"][style]

    def quantity(self, topic: str) -> tuple[int, str]:
        unit, _am, lo, hi, _ = self.pick(TOPICS[topic]["units"])
        n = self.r.randint(lo, hi)
        if n > 1000:
            n = round(n, -2)
        return n, unit

    def qty_text(self, n: int, unit: str) -> str:
        return f"{fmt_int(n)} {plural(unit, n)}"


# ---------------------------------------------------------------------------
# Filler prose (never gold evidence)
# ---------------------------------------------------------------------------

@dataclass
class Ctx:
    topic: str
    place: str
    region: str
    country: str
    people: list[Person]
    org: str
    obj: str
    issue: str
    date: dt.date
    american: bool
    pct_style: int
    date_style: int
    quote_style: int  # 0: curly quotes, 1: straight quotes

    def q(self, text: str) -> str:
        if self.quote_style == 0:
            return f"“{text}”"
        return f'"{text}"'


def filler_sentence(v: Vocab, c: Ctx) -> str:
    r = v.r
    t = TOPICS[c.topic]
    p = r.choice(c.people)
    other = v.person(c.topic)
    place2 = v.place()
    n, unit = v.quantity(c.topic)
    qty = v.qty_text(n, unit)
    money = v.money()
    pct = v.pct_text(v.pct_value(), c.pct_style)
    wd = r.choice(WEEKDAYS)
    month = r.choice(MONTHS)
    year = r.randint(1998, 2024)
    obj2 = r.choice(t["objects"])
    issue2 = r.choice(t["issues"])
    public = r.choice(PUBLIC)
    said = r.choice(SAID)
    conn = r.choice(CONNECTIVES)
    good = r.choice(ADJ_GOOD)
    bad = r.choice(ADJ_BAD)
    up = r.choice(VERBS_UP)
    down = r.choice(VERBS_DOWN)
    event = r.choice(EVENTS)
    templates = [
        lambda: f"The {c.obj} in {c.place} has been debated for more than {r.randint(2, 15)} years.",
        lambda: f"{p.full}, the {p.role} at the {p.org}, {said} that the plan was {good}.",
        lambda: f"{c.q(f'We have listened to {public} and we will keep listening')}, {p.last} {said}.",
        lambda: f"{c.q(f'This is {bad}')}, said {other.full}, {a_an(other.role)} {other.role} who has followed the project since {year}.",
        lambda: f"Figures published on {wd} showed {issue2} in {c.region} {up} by {pct} over the past year.",
        lambda: f"{conn} {issue2} {down} by {pct} in {month}, the lowest level since {year}.",
        lambda: f"The {p.org} estimates that the work will cost about {money}.",
        lambda: f"Around {qty} are expected to benefit, according to a report by the {other.org}.",
        lambda: f"{conn} officials in {place2} are watching closely, as a similar {obj2} there ran over budget.",
        lambda: f"{cap(public)} in {c.place} have raised concerns about {c.issue} at several public meetings.",
        lambda: f"The {other.org} said it would publish its own assessment in {month}.",
        lambda: f"{p.last} declined to say whether the timetable would slip beyond {year + 1 if year < 2024 else 2026}.",
        lambda: f"Last {month}, the council voted {r.randint(5, 30)} to {r.randint(1, 12)} to continue with the scheme.",
        lambda: f"A spokesperson for the {other.org} did not respond to a request for comment on {wd}.",
        lambda: f"{c.q(f'People in {c.place} deserve better than this')}, {other.first} {other.last} told {r.choice(OUTLETS)}.",
        lambda: f"In {c.country}, spending on {c.issue} has {up} steadily since {year}.",
        lambda: f"The {obj2} near {place2} was completed in {year} at a cost of {money}.",
        lambda: f"Opposition politicians described the announcement as {bad}, while {public} were more divided.",
        lambda: f"{conn} the {c.org} has been criticised for its handling of {issue2}.",
        lambda: f"Analysts at the {other.org} say the figure could reach {qty} by {r.randint(2025, 2040)}.",
        lambda: f"The original proposal, drafted in {year}, envisaged {a_an(obj2)} {obj2} rather than {a_an(c.obj)} {c.obj}.",
        lambda: f"{p.full} said the {c.org} had received more than {fmt_int(r.randint(40, 9000))} responses to its consultation.",
        lambda: f"Some {public} say they were not consulted, and a petition has gathered {fmt_int(r.randint(300, 60000))} signatures.",
        lambda: f"{cap(c.issue)} remains the main worry for {public} in {c.region}, a survey by the {other.org} found.",
        lambda: f"The last time {c.place} faced a comparable {event}, in {year}, repairs took {r.randint(3, 30)} months.",
        lambda: f"{c.q(f'We are not going to rush this')}, {p.last} said. {c.q(f'The numbers have to add up.')}",
        lambda: f"On {wd}, {other.full} called for an independent review of {issue2}.",
        lambda: f"Officials expect a decision on the {obj2} before the end of {year if year >= 2020 else 2024}.",
        lambda: f"The {c.org} employs about {fmt_int(r.randint(40, 20000))} people across {c.region}.",
        lambda: f"Costs have {up} by {pct} since the project was first approved, documents show.",
        lambda: f"{p.last}, who took office in {year}, has made {c.issue} a priority.",
        lambda: f"Business groups in {place2} welcomed the move but warned of {issue2}.",
        lambda: f"About {pct} of {public} surveyed said they supported the plan, while {v.pct_text(v.pct_value(), c.pct_style)} were opposed.",
        lambda: f"The {event} in {place2} last {month} has added pressure on the {c.org}.",
        lambda: f"It was not immediately clear how the {p.org} would fund the remaining {money}.",
    ]
    return r.choice(templates)()


def filler_paragraph(v: Vocab, c: Ctx) -> list[str]:
    n = v.r.choice([2, 3, 3, 4, 4, 5, 6])
    return [filler_sentence(v, c) for _ in range(n)]


def lede(v: Vocab, c: Ctx) -> list[str]:
    p = c.people[0]
    r = v.r
    date = v.date_text(c.date, c.date_style)
    money = v.money()
    forms = [
        f"{c.place.upper()} — The {c.org} on {WEEKDAYS[c.date.weekday()]} unveiled plans for a new {c.obj} in {c.place}, a project officials say will cost {money}.",
        f"Plans for {a_an(c.obj)} {c.obj} in {c.place} moved a step closer on {date}, when {p.full}, the {p.role}, confirmed funding of {money}.",
        f"The row over {c.issue} has become the dominant political question in {c.region}, and the {c.obj} in {c.place} is at the centre of it.",
        f"The future of the {c.obj} in {c.place} was thrown into doubt this week after the {c.org} said costs had risen to {money}.",
        f"{p.full} has spent {r.randint(2, 12)} years arguing that {c.place} needs {a_an(c.obj)} {c.obj}. On {WEEKDAYS[c.date.weekday()]}, the {c.org} finally agreed.",
    ]
    return [r.choice(forms), filler_sentence(v, c)]


def make_title(v: Vocab, c: Ctx) -> str:
    r = v.r
    forms = [
        f"{c.place} {c.obj} plan approved despite concerns over {c.issue}",
        f"{c.org} sets out {v.money()} {c.obj} for {c.place}",
        f"{cap(c.issue)}: what the {c.obj} means for {c.place}",
        f"{c.people[0].full} defends {c.obj} as critics question cost",
        f"{c.place} residents divided over new {c.obj}",
        f"Questions grow over {c.region} {c.obj} after {r.choice(EVENTS)}",
        f"Inside the fight over {c.place}’s {c.obj}",
    ]
    return cap(r.choice(forms))


# ---------------------------------------------------------------------------
# Facts: planted sentences and claims
# ---------------------------------------------------------------------------

@dataclass
class Fact:
    kind: str
    topic: str
    slots: dict
    tags: list[str] = field(default_factory=list)


def new_fact(v: Vocab, before: dt.date | None = None) -> Fact:
    r = v.r
    topic = v.topic()
    t = TOPICS[topic]
    p = v.person(topic)
    p2 = v.person(topic)
    if before is None:
        d = v.date(2015, 2024)
    else:  # shortly before the earliest article that reports it
        d = before - dt.timedelta(days=r.randint(1, 400))
    cur, mv, scale = v.money_value()
    n, unit = v.quantity(topic)
    kind = r.choice(["cost", "stat", "measure", "opened", "evacuated", "appointed", "funding"])
    slots = dict(
        person=p.full, role=p.role, org=p.org, person2=p2.full,
        place=v.place(), obj=r.choice(t["objects"]), issue=r.choice(t["issues"]),
        weekday=WEEKDAYS[d.weekday()], day=d.day, month=MONTHS[d.month - 1], year=d.year,
        cur=cur, mv=mv, scale=scale, n=n, unit=unit, pct=v.pct_value(),
        event=r.choice(EVENTS), open_year=r.randint(2025, 2034), up=r.random() < 0.5,
    )
    return Fact(kind, topic, slots, tags=[topic, slugify(slots["place"])])


def _m(s) -> str:
    return Vocab.money_text(s["cur"], s["mv"], s["scale"])


def _q(s) -> str:
    return f"{fmt_int(s['n'])} {plural(s['unit'], s['n'])}"


def _pct(s, style) -> str:
    v = s["pct"]
    return [f"{v}%", f"{v} per cent", f"{v} percent"][style]


def source_sentence(f: Fact, r: random.Random, pct_style: int) -> str:
    """One rendering of the fact as it appears in an article (all details present)."""
    s = f.slots
    m, q, pct = _m(s), _q(s), _pct(s, pct_style)
    date_a = f"{s['weekday']}, {s['day']} {s['month']} {s['year']}"
    date_b = f"{s['weekday']}, {s['month']} {s['day']}, {s['year']}"
    date = r.choice([date_a, date_b])
    k = f.kind
    if k == "cost":
        forms = [
            f"{s['person']}, the {s['role']}, said on {date} that the {s['obj']} in {s['place']} would cost {m}.",
            f"The {s['obj']} in {s['place']} will cost {m}, {s['person']}, the {s['role']}, said on {date}.",
            f"On {date}, {s['role']} {s['person']} said the {s['obj']} in {s['place']} would cost {m}.",
        ]
    elif k == "stat":
        verb = "rose" if s["up"] else "fell"
        forms = [
            f"{cap(s['issue'])} in {s['place']} {verb} by {pct} in {s['month']} {s['year']}, according to the {s['org']}.",
            f"According to the {s['org']}, {s['issue']} in {s['place']} {verb} by {pct} in {s['month']} {s['year']}.",
            f"The {s['org']} said {s['issue']} in {s['place']} {verb} by {pct} in {s['month']} {s['year']}.",
        ]
    elif k == "measure":
        forms = [
            f"The {s['obj']} in {s['place']} will handle {q} and is due to open in {s['open_year']}, the {s['org']} said.",
            f"Due to open in {s['open_year']}, the {s['obj']} in {s['place']} will handle {q}, according to the {s['org']}.",
            f"The {s['org']} said the {s['obj']} in {s['place']} would handle {q} when it opens in {s['open_year']}.",
        ]
    elif k == "opened":
        forms = [
            f"{s['person']}, the {s['role']}, opened the new {s['obj']} in {s['place']} on {date}.",
            f"The new {s['obj']} in {s['place']} was opened by {s['role']} {s['person']} on {date}.",
            f"On {date}, {s['person']} opened the new {s['obj']} in {s['place']}.",
        ]
    elif k == "evacuated":
        forms = [
            f"The {s['org']} said {q} were affected in {s['place']} after the {s['event']} on {date}.",
            f"After the {s['event']} on {date}, {q} were affected in {s['place']}, the {s['org']} said.",
            f"According to the {s['org']}, {q} were affected in {s['place']} by the {s['event']} on {date}.",
        ]
    elif k == "appointed":
        forms = [
            f"{s['person']} was appointed {s['role']} at the {s['org']} in {s['month']} {s['year']}, replacing {s['person2']}.",
            f"In {s['month']} {s['year']}, {s['person']} replaced {s['person2']} as {s['role']} at the {s['org']}.",
            f"{s['person2']} was replaced as {s['role']} at the {s['org']} by {s['person']} in {s['month']} {s['year']}.",
        ]
    else:  # funding
        forms = [
            f"The {s['org']} approved {m} for the {s['obj']} in {s['place']} on {date}, {pct} more than the previous year.",
            f"On {date}, the {s['org']} approved {m} for the {s['obj']} in {s['place']}, {pct} more than the year before.",
            f"The {s['org']} approved funding of {m} for the {s['obj']} in {s['place']} on {date}, an increase of {pct} on the previous year.",
        ]
    return r.choice(forms)


def claim_text(f: Fact, r: random.Random) -> str:
    """A paraphrase as an editor would write it: reordered, synonyms, fewer words."""
    s = f.slots
    m, q = _m(s), _q(s)
    pct = _pct(s, r.randrange(3))
    k = f.kind
    wd = s["weekday"]
    if k == "cost":
        forms = [
            f"{s['person']} said the {s['obj']} in {s['place']} would cost {m}.",
            f"The {s['obj']} planned for {s['place']} is expected to cost {m}, according to {s['person']}.",
            f"The {s['place']} {s['obj']} will cost {m}, the {s['role']} said on {wd}.",
            f"{s['person']}, the {s['role']}, put the cost of the {s['obj']} in {s['place']} at {m}.",
        ]
    elif k == "stat":
        verb = r.choice(["increased", "went up", "rose"]) if s["up"] else r.choice(["decreased", "went down", "fell"])
        forms = [
            f"{cap(s['issue'])} in {s['place']} {verb} by {pct} in {s['month']} {s['year']}.",
            f"In {s['month']} {s['year']}, {s['issue']} in {s['place']} {verb} {pct}.",
            f"The {s['org']} reported that {s['issue']} {verb} by {pct} in {s['place']} in {s['year']}.",
        ]
    elif k == "measure":
        forms = [
            f"The new {s['obj']} in {s['place']} will handle {q}.",
            f"The {s['obj']} in {s['place']} is set to open in {s['open_year']} and handle {q}.",
            f"{s['place']}'s {s['obj']} will open in {s['open_year']}.",
        ]
    elif k == "opened":
        forms = [
            f"{s['person']} opened the {s['obj']} in {s['place']} on {wd}.",
            f"The {s['place']} {s['obj']} was opened by {s['person']} in {s['month']} {s['year']}.",
            f"In {s['year']}, the {s['role']} {s['person']} inaugurated a new {s['obj']} in {s['place']}.",
        ]
    elif k == "evacuated":
        forms = [
            f"The {s['event']} in {s['place']} affected {q}.",
            f"{q} were affected by the {s['event']} in {s['place']} on {wd}.",
            f"In {s['place']}, the {s['event']} of {s['month']} {s['year']} affected {q}, the {s['org']} said.",
        ]
    elif k == "appointed":
        forms = [
            f"{s['person']} replaced {s['person2']} as {s['role']} at the {s['org']}.",
            f"{s['person']} became {s['role']} at the {s['org']} in {s['year']}.",
            f"In {s['month']} {s['year']} the {s['org']} named {s['person']} as its new {s['role']}.",
        ]
    else:
        forms = [
            f"The {s['org']} approved {m} for the {s['obj']} in {s['place']}.",
            f"Funding for the {s['place']} {s['obj']} went up {pct} on the previous year.",
            f"The {s['org']} gave {m} to the {s['obj']} in {s['place']}, {pct} more than a year earlier.",
        ]
    text = r.choice(forms)
    # claims are written without the final full stop about a third of the time, and in
    # the other spelling half the time
    if r.random() < 0.5:
        text = americanise(text) if r.random() < 0.5 else britishise(text)
    return text


# Which slots each claim form mentions is not tracked; a `differs` edit changes a slot
# that every claim form of that kind mentions, so the edit is always visible.
DIFFER_SLOTS = {
    "cost": ["mv", "place", "person", "weekday"],
    "stat": ["pct", "year", "place"],
    "measure": ["place", "open_year", "n"],
    "opened": ["person", "place", "weekday", "year"],
    "evacuated": ["n", "place", "weekday", "year"],
    "appointed": ["person", "year"],
    "funding": ["place", "mv", "pct"],
}


def claim_mentions(f: Fact, text: str, slot: str) -> bool:
    """Whether the claim text states the (changed) detail `slot`."""
    s = f.slots
    probe = {
        "mv": _m(s), "pct": str(s["pct"]), "n": fmt_int(s["n"]),
        "year": str(s["year"]), "place": s["place"], "person": s["person"],
        "weekday": s["weekday"], "open_year": str(s["open_year"]),
    }[slot]
    return probe in text


def make_differs(f: Fact, v: Vocab) -> tuple[Fact, str, str]:
    """A copy of the fact with one detail changed, the changed slot, and the `why`."""
    r = v.r
    s = dict(f.slots)
    slot = r.choice(DIFFER_SLOTS[f.kind])
    old = f.slots
    if slot == "mv":
        nv = s["mv"]
        while nv == s["mv"]:
            nv = round(s["mv"] * r.choice([0.5, 0.6, 1.5, 2, 3, 1.25]), 1 if s["scale"] != "thousand" else -3)
            if s["scale"] == "thousand":
                nv = int(nv)
            elif nv == int(nv):
                nv = int(nv)
        s["mv"] = nv
        why = f"{Vocab.money_text(s['cur'], old['mv'], s['scale'])}, not {Vocab.money_text(s['cur'], nv, s['scale'])}"
    elif slot == "pct":
        nv = s["pct"]
        while nv == s["pct"]:
            nv = round(s["pct"] + r.choice([-1, 1]) * r.uniform(1.5, 9), 1)
            nv = abs(nv)
        s["pct"] = nv
        why = f"{old['pct']}%, not {nv}%"
    elif slot == "n":
        nv = s["n"]
        while nv == s["n"]:
            nv = int(s["n"] * r.choice([0.5, 2, 3, 1.5]))
        s["n"] = nv
        why = f"{fmt_int(old['n'])}, not {fmt_int(nv)}"
    elif slot == "year":
        s["year"] = s["year"] + r.choice([-3, -2, -1, 1, 2])
        why = f"{old['year']}, not {s['year']}"
    elif slot == "open_year":
        s["open_year"] = s["open_year"] + r.choice([-2, -1, 1, 2, 3])
        why = f"due to open in {old['open_year']}, not {s['open_year']}"
    elif slot == "weekday":
        s["weekday"] = r.choice([w for w in WEEKDAYS if w != s["weekday"]])
        why = f"{old['weekday']}, not {s['weekday']}"
    elif slot == "place":
        s["place"] = r.choice([c for c in CITIES if c != s["place"]])
        why = f"in {old['place']}, not {s['place']}"
    else:  # person
        while True:
            np_ = f"{r.choice(FIRST_NAMES)} {r.choice(SURNAMES)}"
            if np_ != s["person"] and np_ != s["person2"]:
                break
        s["person"] = np_
        why = f"{old['person']}, not {np_}"
    return Fact(f.kind, f.topic, s, f.tags), slot, why


# ---------------------------------------------------------------------------
# Writers (hand-rolled YAML so output is stable and readable)
# ---------------------------------------------------------------------------

def yq(s: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


@dataclass
class Article:
    sid: str
    title: str
    outlet: str
    author: str
    published: dt.date
    url: str
    paragraphs: list[list[str]]  # sentences, joined by one space

    def text(self) -> str:
        head = [
            "---",
            f"title: {yq(self.title)}",
            f"outlet: {yq(self.outlet)}",
            f"author: {yq(self.author)}",
            f"published: {self.published.isoformat()}",
            f"url: {self.url}",
            "language: en",
            "---",
        ]
        return "\n".join(head) + "\n" + self.body()

    def body(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paragraphs) + "\n"


DENSE_POOL = 400  # facts a dense corpus repeats


def dense_paragraph(v: Vocab, c: Ctx, pool: list) -> list[str]:
    """A paragraph of a wire feed: every sentence a claim-like statement of a fact from a
    pool shared by the whole corpus (the same figures, places, organisations and verbs
    thousands of times over)."""
    n = v.r.choice([2, 3, 3, 4, 5])
    return [source_sentence(v.r.choice(pool), v.r, c.pct_style) for _ in range(n)]


def build_article(v: Vocab, idx: int, pool: list | None = None) -> tuple[Article, Ctx]:
    r = v.r
    topic = v.topic()
    t = TOPICS[topic]
    people = [v.person(topic) for _ in range(r.randint(2, 4))]
    c = Ctx(
        topic=topic, place=v.place(), region=v.pick(REGIONS), country=v.pick(COUNTRIES),
        people=people, org=v.pick(t["orgs"]), obj=v.pick(t["objects"]),
        issue=v.pick(t["issues"]), date=v.date(2018, 2024), american=r.random() < 0.4,
        pct_style=r.randrange(3), date_style=r.randrange(2), quote_style=r.choice([0, 0, 1]),
    )
    target = r.randint(500, 800)
    paras = [lede(v, c)]
    words = sum(len(x.split()) for x in paras[0])
    while words < target:
        kind = r.random()
        if pool is not None:
            para = dense_paragraph(v, c, pool)
        elif kind < 0.2:
            p = r.choice(people)
            inner = filler_sentence(v, c).rstrip(".").replace("“", "‘").replace("”", "’")
            para = [f"{c.q(inner)}, {p.last} {r.choice(SAID)}."] + filler_paragraph(v, c)
        else:
            para = filler_paragraph(v, c)
        paras.append(para)
        words += sum(len(x.split()) for x in para)
    if c.american:
        paras = [[americanise(x) for x in p] for p in paras]
    title = make_title(v, c)
    outlet = v.pick(OUTLETS)
    sid = f"{slugify(outlet)[:20].strip('-')}-{c.date.isoformat()}-{idx:05d}"
    author = f"{v.pick(FIRST_NAMES)} {v.pick(SURNAMES)}"
    url = f"https://news.example.com/{slugify(outlet)}/{c.date.year}/{slugify(title)[:60].strip('-')}"
    return Article(sid, title, outlet, author, c.date, url, paras), c


def claimant_for(v: Vocab, f: Fact) -> str:
    r = v.r
    choice = r.random()
    if choice < 0.4:
        return f"{v.pick(FIRST_NAMES)} {v.pick(SURNAMES)}"
    if choice < 0.7:
        return f"the {v.pick(TOPICS[f.topic]['orgs'])}"
    return r.choice(["Social media posts", "A viral video", "A campaign leaflet",
                     "A television interview", "An opposition press release"])


def generate(n_articles: int, n_claims: int, seed: int, out: str, dense: bool = False) -> dict:
    rng = random.Random(seed)
    v = Vocab(rng)
    pool = [new_fact(v) for _ in range(DENSE_POOL)] if dense else None

    articles: list[Article] = []
    ctxs: list[Ctx] = []
    for i in range(n_articles):
        a, c = build_article(v, i, pool)
        articles.append(a)
        ctxs.append(c)

    n_planted = n_claims // 2 if n_articles else 0
    claims = []  # dicts: id, claim, claimant, claim_date, verdict, tags, gold sources
    used_ids: set[str] = set()

    def claim_id(text: str, i: int) -> str:
        words = slugify(text).split("-")[:6]
        cid = "-".join(w for w in words if w)[:48].strip("-") or "claim"
        cid = f"{cid}-{i:05d}"
        assert cid not in used_ids
        used_ids.add(cid)
        return cid

    order = list(range(n_claims))
    rng.shuffle(order)  # planted and unplanted claims interleave in the claim files
    planted_slots = set(order[:n_planted])

    for i in range(n_claims):
        gold: dict[str, dict] = {}
        if i in planted_slots:
            k = rng.choice([1, 1, 2, 2, 3, 4, 5])
            targets = rng.sample(range(n_articles), min(k, n_articles))
            f = new_fact(v, before=min(articles[ai].published for ai in targets))
            evid = {}
            for ai in targets:
                a, c = articles[ai], ctxs[ai]
                sent = source_sentence(f, rng, c.pct_style)
                if c.american:
                    sent = americanise(sent)
                if rng.random() < 0.5:
                    # inside an existing paragraph (not the lede's first sentence)
                    pi = rng.randrange(len(a.paragraphs))
                    para = a.paragraphs[pi]
                    para.insert(rng.randrange(1 if pi == 0 else 0, len(para) + 1), sent)
                else:
                    # a paragraph of its own, or the opening of a new one
                    pi = rng.randrange(1, len(a.paragraphs) + 1)
                    extra = [] if rng.random() < 0.4 else [filler_sentence(v, c)]
                    if c.american:
                        extra = [americanise(x) for x in extra]
                    a.paragraphs.insert(pi, [sent] + extra)
                evid[a.sid] = sent
            differs = rng.random() < 0.3
            if differs:
                f2, slot, why = make_differs(f, v)
                # the claim must mention the changed detail
                for _ in range(40):
                    text = claim_text(f2, rng)
                    if claim_mentions(f2, text, slot):
                        break
                else:
                    differs = False
            if differs:
                for sid, sent in evid.items():
                    gold[sid] = {"stance": "differs", "evidence": sent, "why": why}
                f = f2
                verdict = rng.choice(["false", "mostly-false", "false"])
            else:
                text = claim_text(f, rng)
                for sid, sent in evid.items():
                    gold[sid] = {"stance": "agrees", "evidence": sent}
                verdict = rng.choice(["true", "mostly-true", "true"])
        else:
            f = new_fact(v)
            text = claim_text(f, rng)
            verdict = rng.choice(["unproven", "mixed", "unproven", "false", "true"])
        s = f.slots
        cdate = dt.date(min(s["year"] + rng.randint(0, 1), 2025), rng.randint(1, 12), rng.randint(1, 28))
        claims.append(dict(
            id=claim_id(text, i), claim=text, claimant=claimant_for(v, f),
            claim_date=cdate, verdict=verdict, tags=list(f.tags), gold=gold,
        ))

    # -- write ------------------------------------------------------------
    if os.path.isdir(out):
        for sub in ("sources", "claims"):
            shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    os.makedirs(os.path.join(out, "sources"), exist_ok=True)
    os.makedirs(os.path.join(out, "claims"), exist_ok=True)

    def write(path: str, text: str) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    write(os.path.join(out, "site.yaml"), "\n".join([
        f"title: {yq(f'Bench Fact Check ({n_articles} sources, {n_claims} claims)')}",
        f"description: {yq('A synthetic corpus for benchmarking the fact-check site generator.')}",
        "base_url: https://bench.example.org/",
        "language: en",
        "publisher:",
        f"  name: {yq('Bench Fact Check')}",
        "  url: https://bench.example.org/",
        "",
    ]))

    for a in articles:
        text = a.text()
        write(os.path.join(out, "sources", f"{a.sid}.md"), text)

    per_file = 100
    for fi in range(0, len(claims), per_file):
        lines = ["claims:"]
        for cl in claims[fi:fi + per_file]:
            lines += [
                f"  - id: {cl['id']}",
                f"    claim: {yq(cl['claim'])}",
                f"    claimant: {yq(cl['claimant'])}",
                f"    claim_date: {cl['claim_date'].isoformat()}",
                f"    verdict: {cl['verdict']}",
                "    tags: [" + ", ".join(cl["tags"]) + "]",
            ]
        write(os.path.join(out, "claims", f"claims-{fi // per_file + 1:03d}.yaml"),
              "\n".join(lines) + "\n")

    n_pairs = {"agrees": 0, "differs": 0}
    glines = [
        "# Gold for a synthetic benchmark corpus made by bench/make_corpus.py",
        f"# (--articles {n_articles} --claims {n_claims} --seed {seed}). Format: shared/eval/README.md.",
        "# Stances: agrees | differs | silent. Only non-silent pairs are listed: every",
        "# (claim, source) pair NOT listed under a claim is `silent` (listing all sources for",
        "# every claim would be huge). Claims with `sources: {}` match no source at all.",
        "claims:",
    ]
    for cl in claims:
        glines.append(f"  - id: {cl['id']}")
        glines.append(f"    claim: {yq(cl['claim'])}")
        if not cl["gold"]:
            glines.append("    sources: {}")
            continue
        glines.append("    sources:")
        for sid in sorted(cl["gold"]):
            g = cl["gold"][sid]
            n_pairs[g["stance"]] += 1
            parts = [f"stance: {g['stance']}", f"evidence: {yq(g['evidence'])}"]
            if "why" in g:
                parts.append(f"why: {yq(g['why'])}")
            glines.append(f"      {sid}: {{{', '.join(parts)}}}")
    write(os.path.join(out, "gold.yaml"), "\n".join(glines) + "\n")

    # sanity: each evidence is an exact substring of its source body
    bodies = {a.sid: a.body() for a in articles}
    for cl in claims:
        for sid, g in cl["gold"].items():
            assert g["evidence"] in bodies[sid], (cl["id"], sid)

    words = [len(a.body().split()) for a in articles]
    return {
        "articles": n_articles, "claims": n_claims, "seed": seed, "out": out,
        "planted_claims": sum(1 for c in claims if c["gold"]),
        "pairs": n_pairs,
        "words_min": min(words) if words else 0, "words_max": max(words) if words else 0,
        "words_mean": round(sum(words) / len(words), 1) if words else 0,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--claims", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--dense", action="store_true",
                    help="a wire feed: every sentence after the lede a claim-like statement from a shared "
                         "pool of facts (the matcher's worst case)")
    args = ap.parse_args(argv)
    info = generate(args.articles, args.claims, args.seed, args.out, args.dense)
    if not args.quiet:
        print(json.dumps(info), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
