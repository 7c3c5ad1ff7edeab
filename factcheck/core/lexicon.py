"""Word lists shared by the figure and attribution rules (hand-written, lower-case)."""

from __future__ import annotations

from .tokens import word_set

# --- units --------------------------------------------------------------------
# surface (lower-case) -> (unit label, kind, metric)
MEASURE_UNITS: dict[str, tuple[str, str, str]] = {}


def _add(words: str, unit: str, kind: str, metric: str) -> None:
    for w in words.split():
        MEASURE_UNITS[w] = (unit, kind, metric)


_add("km kms kilometre kilometres kilometer kilometers", "km", "measure", "distance")
_add("metre metres meter meters", "m", "measure", "distance")
_add("cm centimetre centimetres centimeter centimeters", "cm", "measure", "distance")
_add("mm millimetre millimetres millimeter millimeters", "mm", "measure", "distance")
_add("nm nanometre nanometres nanometer nanometers", "nm", "measure", "distance")
_add("mi mile miles", "mi", "measure", "distance")
_add("ft foot feet", "ft", "measure", "distance")
_add("inch inches", "in", "measure", "distance")
_add("yd yard yards", "yd", "measure", "distance")
_add("kg kgs kilogram kilograms kilogramme kilogrammes kilo kilos", "kg", "measure", "weight")
_add("g gram grams gramme grammes", "g", "measure", "weight")
_add("mg milligram milligrams", "mg", "measure", "weight")
_add("t tonne tonnes ton tons", "t", "measure", "weight")
_add("lb lbs pound pounds", "lb", "measure", "weight")
_add("stone stones", "stone", "measure", "weight")
_add("oz ounce ounces", "oz", "measure", "weight")
_add("celsius centigrade", "C", "measure", "temperature")
_add("fahrenheit", "F", "measure", "temperature")
_add("degree degrees", "deg", "measure", "temperature")
_add("l litre litres liter liters", "l", "measure", "volume")
_add("ml millilitre millilitres milliliter milliliters", "ml", "measure", "volume")
_add("cl centilitre centilitres", "cl", "measure", "volume")
_add("gallon gallons gal", "gal", "measure", "volume")
_add("barrel barrels bbl", "bbl", "measure", "volume")
_add("cup cups", "cup", "measure", "volume")
_add("tbsp tablespoon tablespoons", "tbsp", "measure", "volume")
_add("hectare hectares ha", "ha", "measure", "area")
_add("acre acres", "acre", "measure", "area")
_add("mph", "mph", "measure", "speed")
_add("kph kmh", "km/h", "measure", "speed")
_add("knot knots", "kn", "measure", "speed")
_add("kwh", "kWh", "measure", "energy")
_add("mwh", "MWh", "measure", "energy")
_add("gwh", "GWh", "measure", "energy")
_add("wh", "Wh", "measure", "energy")
_add("kw kilowatt kilowatts", "kW", "measure", "power")
_add("mw megawatt megawatts", "MW", "measure", "power")
_add("gw gigawatt gigawatts", "GW", "measure", "power")
_add("w watt watts", "W", "measure", "power")
_add("v volt volts", "V", "measure", "voltage")
_add("ev", "eV", "measure", "energy")
_add("tev", "TeV", "measure", "energy")
_add("ghz", "GHz", "measure", "frequency")
_add("mhz", "MHz", "measure", "frequency")
_add("hz hertz", "Hz", "measure", "frequency")
_add("byte bytes", "B", "measure", "data")
_add("kb kilobyte kilobytes kibibyte kibibytes", "kB", "measure", "data")
_add("mb megabyte megabytes", "MB", "measure", "data")
_add("gb gigabyte gigabytes", "GB", "measure", "data")
_add("tb terabyte terabytes", "TB", "measure", "data")
_add("exabyte exabytes", "EB", "measure", "data")
_add("bit bits", "bit", "measure", "data")
_add("mgy", "mGy", "measure", "dose")
_add("calorie calories kcal", "kcal", "measure", "energy")
_add("carat carats karat karats", "carat", "measure", "carat")

# Single letters are units only when glued to the digits ("5m", "10t") or in obvious company.
GLUED_ONLY_UNITS = frozenset(["t", "g", "l", "w", "v", "m", "in"])

DURATION_UNITS: dict[str, str] = {}
for _unit, _words in (
    ("seconds", "second seconds sec secs"),
    ("minutes", "minute minutes min mins"),
    ("hours", "hour hours hr hrs"),
    ("days", "day days"),
    ("weeks", "week weeks"),
    ("months", "month months"),
    ("years", "year years yr yrs"),
    ("decades", "decade decades"),
    ("centuries", "century centuries"),
):
    for _w in _words.split():
        DURATION_UNITS[_w] = _unit

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH", "₹": "INR"}
CURRENCY_PREFIXES = {"us": "USD", "c": "CAD", "a": "AUD", "hk": "HKD", "nz": "NZD", "s": "SGD"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "jpy": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rub": "RUB",
    "hryvnia": "UAH", "hryvnias": "UAH", "uah": "UAH", "rupee": "INR",
    "rupees": "INR", "francs": "CHF", "franc": "CHF", "chf": "CHF", "cent": "cent", "cents": "cent",
    "penny": "pence", "pence": "pence", "pennies": "pence", "dime": "dime", "dimes": "dime",
}  # fmt: skip

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip

# --- counted things -------------------------------------------------------------
PEOPLE_NOUNS = frozenset(
    [
        "people",
        "persons",
        "person",
        "civilians",
        "civilian",
        "children",
        "child",
        "kids",
        "kid",
        "women",
        "woman",
        "men",
        "man",
        "soldiers",
        "soldier",
        "residents",
        "resident",
        "victims",
        "victim",
        "passengers",
        "passenger",
        "workers",
        "worker",
        "students",
        "student",
        "police",
        "policemen",
        "policeman",
        "officers",
        "officer",
        "protesters",
        "protester",
        "migrants",
        "migrant",
        "refugees",
        "refugee",
        "patients",
        "patient",
        "babies",
        "baby",
        "infants",
        "infant",
        "adults",
        "adult",
        "others",
        "individuals",
        "individual",
        "teenagers",
        "teenager",
        "boys",
        "boy",
        "girls",
        "girl",
        "journalists",
        "journalist",
        "servicemen",
        "serviceman",
        "militants",
        "militant",
        "pedestrians",
        "pedestrian",
        "drivers",
        "driver",
        "citizens",
        "citizen",
        "inhabitants",
        "prisoners",
        "prisoner",
        "hostages",
        "hostage",
        "firefighters",
        "firefighter",
        "rescuers",
        "doctors",
        "nurses",
        "staff",
        "employees",
        "employee",
        "voters",
        "voter",
        "members",
        "member",
        "troops",
        "americans",
        "ukrainians",
        "russians",
        "israelis",
        "palestinians",
        "fighters",
    ]
)
SINGULAR_PEOPLE = frozenset(
    [
        "woman",
        "man",
        "child",
        "boy",
        "girl",
        "person",
        "soldier",
        "civilian",
        "resident",
        "policeman",
        "officer",
        "teenager",
        "baby",
        "infant",
        "journalist",
        "driver",
        "pedestrian",
        "worker",
        "student",
        "passenger",
        "firefighter",
        "doctor",
        "nurse",
        "serviceman",
        "prisoner",
        "hostage",
        "migrant",
        "refugee",
        "patient",
        "citizen",
        "teen",
        "pensioner",
        "guard",
        "teacher",
    ]
)
# More nouns of people, who keep their own metric when nothing befalls them ("25 sailors"),
# but are people to the events that tell people from things ("pirates seized 19 sailors").
OTHER_PEOPLE_NOUNS = word_set(
    "sailors crew crewmen seafarers fishermen tourists hikers pupils schoolgirls schoolboys "
    "villagers worshippers pilgrims farmers miners traders tenants nationals missionaries "
    "sailor tourist pupil schoolgirl schoolboy villager fisherman"
)
NOUN_METRICS = {
    "missiles": "missiles_launched", "missile": "missiles_launched", "rockets": "missiles_launched",
    "rocket": "missiles_launched", "drones": "drones_launched", "drone": "drones_launched",
    "uavs": "drones_launched", "shaheds": "drones_launched", "explosions": "explosions",
    "explosion": "explosions", "blasts": "explosions", "blast": "explosions",
    "aircraft": "aircraft", "jets": "aircraft", "planes": "aircraft", "warplanes": "aircraft",
    "helicopters": "aircraft", "bombers": "aircraft", "troops": "troops", "soldiers": "troops",
    "deaths": "killed", "dead": "killed", "fatalities": "killed", "casualties": "casualties",
    "arrests": "arrested", "injuries": "injured", "evacuees": "evacuated", "refugees": "displaced",
    "tanks": "tanks", "votes": "votes", "delegates": "delegates", "jobs": "jobs",
}  # fmt: skip
COUNT_UNITS = {
    "missiles_launched": "missiles", "drones_launched": "drones", "aircraft": "aircraft",
    "explosions": "explosions", "troops": "troops",
}  # fmt: skip
MISSILE_NOUNS = frozenset(["missiles", "missile", "rockets", "rocket"])
DRONE_NOUNS = frozenset(["drones", "drone", "uavs", "shaheds"])
AIRCRAFT_NOUNS = frozenset(["aircraft", "jets", "planes", "warplanes", "helicopters", "bombers", "fighters"])
# Things that are intercepted (not "destroyed") when shot down.
PROJECTILE_NOUNS = (
    MISSILE_NOUNS | DRONE_NOUNS | AIRCRAFT_NOUNS | frozenset(["shahed", "uav", "projectiles", "projectile"])
)

# Words right after a number that say what happened to the counted ("49 injured", "25 dead").
METRIC_WORDS = {
    "dead": "killed", "killed": "killed", "died": "killed", "die": "killed", "dies": "killed",
    "perished": "killed", "slain": "killed", "fatalities": "killed", "deaths": "killed",
    "injured": "injured", "wounded": "injured", "hurt": "injured", "injuries": "injured",
    "missing": "missing", "displaced": "displaced", "evacuated": "evacuated",
    "arrested": "arrested", "detained": "arrested", "hospitalized": "hospitalized",
    "hospitalised": "hospitalized", "rescued": "rescued", "intercepted": "intercepted",
    "downed": "intercepted", "launched": "launched", "fired": "launched",
    "homeless": "homeless", "captured": "captured", "surrendered": "surrendered",
    "destroyed": "destroyed",
}  # fmt: skip
# The same before the number ("killing at least five", "fired 99").
METRIC_VERBS_BEFORE = {
    "killing": "killed", "killed": "killed", "kill": "killed", "kills": "killed",
    "injuring": "injured", "injured": "injured", "wounding": "injured", "wounded": "injured",
    "fired": "launched", "launched": "launched", "launching": "launched", "firing": "launched",
    "intercepted": "intercepted", "downed": "intercepted", "intercepting": "intercepted",
    "evacuated": "evacuated", "arrested": "arrested", "detained": "arrested",
    "displaced": "displaced", "displacing": "displaced", "rescued": "rescued",
    "intercept": "intercepted", "intercepts": "intercepted", "downing": "intercepted",
    "destroyed": "destroyed", "destroying": "destroyed", "destroy": "destroyed",
}  # fmt: skip
# Words that make a number word before them part of an adjective: "one-time rivals",
# "a three-way race", "a one-off payment", "a two-fold rise" (no count of anything).
ADJECTIVE_COMPOUND_HEADS = frozenset(
    ["time", "off", "way", "sided", "shot", "stop", "size", "fold", "party", "liner", "hit", "on", "of"]
)
# Counted nouns naming places or countries: "200 people from six nations, including 15
# officers" counts the officers among the people, never among the nations.
PLACE_COUNT_NOUNS = frozenset(
    ["nations", "countries", "states", "provinces", "regions", "cities", "towns", "villages", "districts", "sites"]
)
# Casualty words that are also active verbs taking an object: after "a man" with no
# passive auxiliary and an object ("a soldier killed 12 raiders") the man is the agent.
TRANSITIVE_CASUALTY_VERBS = frozenset(
    [
        "killed",
        "wounded",
        "injured",
        "hurt",
        "arrested",
        "detained",
        "rescued",
        "evacuated",
        "displaced",
        "captured",
        "hospitalized",
        "hospitalised",
    ]
)
# Auxiliaries that make the participle after them passive ("a guard was killed").
PASSIVE_AUXILIARIES = frozenset(["was", "were", "is", "are", "been", "being"])
# Pronouns that stand as the object of a verb ("a gunman wounded them").
OBJECT_PRONOUNS = frozenset(["him", "them", "us", "me", "her", "everyone", "others"])
# "shot down", "brought down", "gunned down": intercepted (of missiles, drones, aircraft).
DOWN_VERBS = frozenset(
    ["shot", "shoot", "shoots", "shooting", "brought", "bring", "brings", "bringing", "gunned", "knocked"]
)
# "needed medical help", "received hospital treatment": injured.
TREATMENT_VERBS = frozenset(
    ["needed", "need", "needs", "needing", "required", "requiring", "received", "receiving", "sought", "seeking"]
)
# Auxiliaries and adverbs the verb after a counted noun may sit behind ("were reportedly killed").
AUXILIARIES = frozenset(
    ["were", "was", "had", "have", "has", "been", "be", "are", "is", "reportedly", "also", "later", "being"]
)
# Words right before a figure that link it to a toll named earlier ("the death toll rose to four").
TOLL_LINKS = frozenset(
    ["to", "at", "reached", "hit", "is", "was", "stood", "stands", "now", "passed", "topped", "exceeded", "of"]
)
# Time adverbs and nouns: never the thing counted, never a unit.
TIME_WORDS = frozenset(
    [
        "overnight",
        "today",
        "tonight",
        "tomorrow",
        "yesterday",
        "morning",
        "afternoon",
        "evening",
        "night",
        "earlier",
        "later",
        "now",
        "ago",
        "daily",
        "weekly",
        "monthly",
        "annually",
        "nightly",
        "recently",
        "already",
        "still",
        "again",
        "once",
        "twice",
        "meanwhile",
        "before",
        "after",
    ]
)
# Modifiers between a number and its noun that are not the noun ("two further deaths").
NP_MODIFIERS = frozenset(
    ["further", "other", "additional", "new", "fresh", "extra", "separate", "total", "confirmed", "reported"]
)
CASUALTY_METRICS = frozenset(
    [
        "killed",
        "injured",
        "missing",
        "displaced",
        "evacuated",
        "arrested",
        "hospitalized",
        "rescued",
        "homeless",
        "casualties",
        "captured",
    ]
)
POWER_OBJECTS = frozenset(["electricity", "power", "heating", "heat", "water", "gas"])

# Auxiliary and modal verbs: word lists in several modules stop at them.
AUXILIARY_VERBS = frozenset(
    (
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "do",
        "does",
        "did",
    )
)
# Words that end the noun phrase after a number.
NOUN_STOP = AUXILIARY_VERBS | frozenset(
    [
        "being",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "to",
        "with",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "whom",
        "than",
        "as",
        "per",
        "into",
        "onto",
        "over",
        "under",
        "after",
        "before",
        "during",
        "since",
        "until",
        "while",
        "when",
        "where",
        "whose",
        "if",
        "then",
        "so",
        "not",
        "no",
        "nor",
        "the",
        "a",
        "an",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "also",
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "more",
        "less",
        "just",
        "only",
        "ago",
        "each",
        "every",
        "said",
        "says",
        "told",
        "according",
        "between",
        "among",
        "including",
        "amid",
        "against",
        "across",
        "near",
        "through",
        "without",
        "within",
    ]
)

CHANGE_UP = frozenset(
    [
        "rose",
        "rise",
        "rises",
        "risen",
        "rising",
        "increased",
        "increase",
        "increases",
        "increasing",
        "climbed",
        "climb",
        "climbs",
        "jumped",
        "jump",
        "jumps",
        "grew",
        "grow",
        "grows",
        "grown",
        "gained",
        "gain",
        "gains",
        "soared",
        "surged",
        "up",
        "raised",
        "boosted",
        "higher",
        "added",
        "adds",
        "spiked",
    ]
)
CHANGE_DOWN = frozenset(
    [
        "fell",
        "fall",
        "falls",
        "fallen",
        "falling",
        "dropped",
        "drop",
        "drops",
        "declined",
        "decline",
        "declines",
        "decreased",
        "decrease",
        "decreases",
        "cut",
        "cuts",
        "slumped",
        "plunged",
        "sank",
        "lost",
        "loses",
        "down",
        "lower",
        "shrank",
        "shrunk",
        "reduced",
        "slid",
        "slipped",
        "tumbled",
    ]
)
CHANGE_NOUNS_UP = frozenset(["increase", "rise", "jump", "gain", "growth", "surge", "hike"])
CHANGE_NOUNS_DOWN = frozenset(["decrease", "fall", "drop", "decline", "cut", "loss", "reduction", "slump"])

# Armed non-state fighters: one counted subject ("combatants") whatever the word, so
# "25 Taliban fighters", "20 militants" and "30 insurgents" are counts of the same thing.
COMBATANT_NOUNS = frozenset(
    [
        "militant",
        "militants",
        "fighters",
        "combatant",
        "combatants",
        "insurgent",
        "insurgents",
        "rebel",
        "rebels",
        "jihadist",
        "jihadists",
        "gunman",
        "gunmen",
    ]
)
# Armed groups named as a count noun ("20 Taliban were killed", "killed 12 Shabaab"),
# spelled as the counted noun's last glued piece ("al-Shabaab" -> "shabaab"). "IS" is
# not here: lower-cased it is the verb; ``COMBATANT_ACRONYMS`` holds the upper-case forms.
COMBATANT_GROUPS = frozenset(
    [
        "taliban",
        "isis",
        "isil",
        "daesh",
        "shabaab",
        "shabab",
        "qaeda",
        "aqap",
        "aqim",
        "houthis",
        "houthi",
        "hezbollah",
        "hamas",
        "mujahideen",
    ]
)
# Group acronyms whose lower-case form is a common word: read as a group only when written
# in capitals before the counted noun ("12 IS fighters", never "12 is").
COMBATANT_ACRONYMS = frozenset(("IS",))

# Sides of a fight that a count of people can name (matching never takes two figures of
# different sides for one fact).
SIDE_OF_WORD = {
    word: side
    for side, words in (
        ("combatants", " ".join(sorted(COMBATANT_NOUNS | COMBATANT_GROUPS))),
        (
            "security forces",
            "soldier soldiers troops serviceman servicemen officer officers police policeman policemen guards guard",
        ),
        (
            "civilians",
            "civilian civilians child children kid kids boy boys girl girls baby babies infant infants "
            "pedestrians pedestrian passengers passenger residents resident",
        ),
    )  # fmt: skip
    for word in words.split()
}

# Parties a count of people can name by a group or nationality word ("nine Kurdish fighters",
# "10 IS militants", "40 Russian soldiers"): counts of two parties are two facts, even on
# one side of a fight. Several spellings of one party map to one name.
PARTY_OF_WORD = {
    word: party
    for party, words in (
        ("isis", "isis isil daesh"),
        ("taliban", "taliban"),
        ("shabaab", "shabaab shabab"),
        ("al-qaeda", "qaeda aqap aqim"),
        ("houthis", "houthi houthis"),
        ("hezbollah", "hezbollah"),
        ("hamas", "hamas"),
        ("kurdish", "kurdish kurd kurds peshmerga ypg ypj"),
        ("afghan", "afghan afghans"),
        ("american", "american americans"),
        ("british", "british briton britons"),
        ("french", "french"),
        ("german", "german germans"),
        ("iranian", "iranian iranians"),
        ("iraqi", "iraqi iraqis"),
        ("israeli", "israeli israelis"),
        ("lebanese", "lebanese"),
        ("nigerian", "nigerian nigerians"),
        ("pakistani", "pakistani pakistanis"),
        ("palestinian", "palestinian palestinians"),
        ("russian", "russian russians"),
        ("saudi", "saudi saudis"),
        ("somali", "somali somalis"),
        ("syrian", "syrian syrians"),
        ("turkish", "turkish turks"),
        ("ukrainian", "ukrainian ukrainians"),
        ("yemeni", "yemeni yemenis"),
    )  # fmt: skip
    for word in words.split()
}
# Upper-case forms of parties whose lower-case spelling is a common word ("IS" / "is").
PARTY_OF_ACRONYM = {"IS": "isis"}

# Cues whose content is an intention ("threatened to intensify attacks"): a ", which ..."
# aside after them is the outlet's account, not part of the threat.
INTENT_CUES = frozenset(["threatened", "promised", "vowed", "pledged", "swore", "threatens", "promises", "vows"])
