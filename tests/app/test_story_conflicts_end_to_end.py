"""Two outlets report one event: what the whole pipeline finds, from the text to the finding.

Each case is a pair of short reports in our own words, of the shapes real cross-outlet
conflicts take (tolls, abductions, weights, distances, durations) and of the same-story
negatives that must never be called a conflict (one number for two facts, a part beside
its whole, a fleet beside the aircraft it sent, one distance in miles and in km). Each
goes through ingest (extraction, the story, copies) and the full cross-check, as a desk
would run it; the test reads the open findings of the two articles.
"""

from __future__ import annotations

import pytest

from factcheck import crosscheck, pipeline
from factcheck.models import Article, Conflict, Source

DAY = "2024-03-05T10:00:00+00:00"
LATER = "2024-03-05T13:00:00+00:00"

RAISED = {"conflict", "possible_conflict"}

CASES = {
    # --- a disagreement an editor must see
    "weight in kg and in lb": (
        "The record catfish pulled from the river weighed 120 kilograms, the angling club said on Sunday. "
        "Club members needed an hour to land the catfish.",
        "The giant catfish weighed 310 pounds, according to the angling club, which said on Sunday that "
        "landing the catfish took an hour.",
        {"conflict"},
    ),
    "duration, a compound and a verb": (
        "The blackout lasted 14 hours across the northern region, the grid operator said on Thursday. "
        "Hospitals ran on generators during the blackout.",
        "The grid operator said on Thursday the nine-hour blackout hit the northern region. Hospitals "
        "switched to generators during the blackout.",
        RAISED,
    ),
    "distance in miles and in km": (
        "The new coastal railway line runs 42 miles between the two harbour towns, the transport "
        "ministry said on Wednesday. The coastal railway cost far more than planned.",
        "The transport ministry said on Wednesday the coastal railway line between the harbour towns is "
        "80 kilometres long. The railway went over budget.",
        {"conflict"},
    ),
    "abduction, students and pupils": (
        "Gunmen abducted 42 students from a boarding school in Zamfara state before dawn on Friday, "
        "police said. Security forces were searching the forest near the school.",
        "Armed men kidnapped 63 pupils from a boarding school in Zamfara state early on Friday, a local "
        "official told reporters. Troops were combing the forest near the school for the pupils.",
        RAISED,
    ),
    "toll, one report names no place": (
        "Insurgents stormed an army checkpoint in Helmand province overnight, killing 14 soldiers, the "
        "provincial governor's office said on Tuesday. The attackers escaped on motorbikes after a gun "
        "battle at the checkpoint.",
        "The assault on the army checkpoint left 21 soldiers dead, a defence ministry spokesman said on "
        "Tuesday. Insurgents on motorbikes fled after a gun battle at the checkpoint.",
        {"possible_conflict"},
    ),
    "toll, a capital named by its country": (
        "A suicide bomber killed 31 worshippers at a mosque in Kabul during Friday prayers, the interior "
        "ministry said. Ambulances carried the wounded from the mosque.",
        "The interior ministry said 19 worshippers were killed when a suicide bomber struck a mosque in "
        "Afghanistan's capital during Friday prayers. Ambulances took the wounded from the mosque.",
        {"conflict"},
    ),
    "toll, a city named before a noun": (
        "A fire at a Bucharest nightclub killed 32 people on Friday night, the emergency services said. "
        "Firefighters pulled survivors from the burning nightclub.",
        "The emergency services said 27 people were killed in the nightclub fire in Bucharest on Friday "
        "night. Firefighters brought survivors out of the burning nightclub.",
        {"conflict"},
    ),
    "toll, one report places it behind a compass word": (
        "Taliban fighters overran a police post in the western Zabul province on Monday, killing 17 "
        "policemen, the provincial police chief said. Reinforcements reached the post by nightfall.",
        "The attack on the police post in Zabul province killed 11 policemen on Monday, a spokesman for "
        "the interior ministry said. Reinforcements arrived at the post after nightfall.",
        {"conflict"},
    ),
    "toll, one report filed from the capital names the province only in its lead": (
        "KABUL (Wire) - Gunmen stormed a police checkpoint in the western Badghis province late on "
        "Saturday, a provincial official said.\n\nThe gunmen killed 13 policemen at the checkpoint "
        "before fleeing, the official said.",
        "Gunmen killed 8 policemen at a checkpoint in Badghis province late on Saturday, the interior "
        "ministry said. The attackers fled into the hills after the checkpoint fell.",
        {"conflict"},
    ),
    "toll, one report lists the dead": (
        "Flash floods swept through the valley villages on Sunday, and the provincial authority lists 23 "
        "farmers as having been killed. Roads into the valley stayed closed.",
        "Flash floods in the valley villages killed 16 farmers on Sunday, the provincial authority said. "
        "Roads into the valley were still closed.",
        {"conflict"},
    ),
    "parts of one toll that pick out the same group": (
        "A car bomb killed 40 people at a crowded market in the town of Dalvik on Saturday, including "
        "nine women, the provincial police chief said. Stalls burned for hours after the blast.",
        "The car bomb that tore through the Dalvik market on Saturday killed 40 people, including 15 women, "
        "the provincial police chief said. Market stalls burned for hours after the blast.",
        RAISED,
    ),
    "a listed group larger than everyone": (
        "Gunmen killed 40 students at a teacher-training college in the town of Borsk on Monday, the "
        "regional police said. Classes at the college were suspended for a week.",
        "The regional police said 30 people were killed on Monday when gunmen stormed a teacher-training "
        "college in the town of Borsk. Classes at the college were suspended for a week.",
        RAISED,
    ),
    "one listed group counted twice": (
        "Gunmen killed 15 students at a teacher-training college in the town of Borsk on Monday, the "
        "regional police said. Classes at the college were suspended for a week.",
        "The regional police said 12 students were killed on Monday when gunmen stormed a "
        "teacher-training college in the town of Borsk. Classes at the college were suspended for a week.",
        RAISED,
    ),
    "shares of the injured that are children": (
        "A gas explosion tore through a block of flats in the town of Borsk on Monday, the fire service "
        "said. Half of the injured were children, according to the regional hospital.",
        "The regional hospital said a third of the injured were children after a gas explosion hit a "
        "block of flats in the town of Borsk on Monday, the fire service said.",
        RAISED,
    ),
    # --- one story, figures that must not be called a conflict
    "a listed group beside everyone": (
        "The regional police said 30 people were killed on Monday when gunmen stormed a teacher-training "
        "college in the town of Borsk. Classes at the college were suspended for a week.",
        "Gunmen killed 12 students at a teacher-training college in the town of Borsk on Monday, the "
        "regional police said. Classes at the college were suspended for a week.",
        set(),
    ),
    "a share of the injured beside a share of the villagers": (
        "A gas explosion tore through a block of flats in the village of Borsk on Monday, the fire "
        "service said. Half of the injured were children, according to the regional hospital.",
        "A third of the villagers were injured when a gas explosion hit a block of flats in the village "
        "of Borsk on Monday, the fire service said.",
        set(),
    ),
    "one distance in km and in miles": (
        "The storm's eye passed 100 kilometres off the coast, the weather service said on Friday. "
        "Fishing boats stayed in port as the storm passed.",
        "The weather service said on Friday the eye of the storm passed 62 miles off the coast. Fishing "
        "boats stayed in port during the storm.",
        set(),
    ),
    "a part beside its whole": (
        "The air force said the enemy launched 60 drones overnight, 45 of which were shot down. Debris "
        "from the drones damaged homes in the capital.",
        "Air defences shot down 45 drones overnight, the air force said. Falling debris from the drones "
        "damaged homes in the capital.",
        set(),
    ),
    "a fleet beside the aircraft it sent": (
        "The national airline, which operates a fleet of 120 aircraft, sent 12 aircraft to evacuate "
        "stranded tourists from the island on Monday, the transport ministry said. The evacuation of "
        "tourists from the island continued overnight.",
        "Twelve aircraft were sent on Monday to bring stranded tourists home from the island, the "
        "transport ministry said. The evacuation of the tourists continued overnight.",
        set(),
    ),
    "parts of one toll that pick out different groups": (
        "A car bomb killed 40 people at a crowded market in the town of Dalvik on Saturday, including "
        "nine women, the provincial police chief said. Stalls burned for hours after the blast.",
        "The car bomb that tore through the Dalvik market on Saturday killed 40 people, including 15 men, "
        "the provincial police chief said. Market stalls burned for hours after the blast.",
        set(),
    ),
    "one number for two facts": (
        "Twelve people were killed and 40 injured when a bus overturned on the mountain highway on "
        "Sunday, police said. The bus was carrying pilgrims to a shrine.",
        "Police said 40 people were injured on Sunday when a bus carrying pilgrims to a shrine overturned "
        "on a mountain highway, and 12 were killed.",
        set(),
    ),
    "two speakers' estimates of what a group numbers": (
        "The rebel militia now has about 31,000 fighters in the northern hills, army officials said on "
        "Monday. The militia has held the hill towns since the spring.",
        "The rebel militia numbers around 40,000 fighters, government advisers said on Monday, as the "
        "militia kept its hold on the northern hill towns.",
        {"possible_conflict"},
    ),
    "the rest of a toll beside the toll": (
        "A shell hit the bus station in Korvath on Thursday, killing 30 people, the regional governor "
        "said. Rescuers searched the wrecked station through the night.",
        "The shelling of the Korvath bus station on Thursday killed 30 people, the regional governor said. "
        "Medics said 20 other people were killed in the town's outskirts. Rescuers searched the station.",
        set(),
    ),
    "one rounding word over two coordinated figures": (
        "The hackers stole something like 50,000 emails and 17,000 attachments from the ministry, a "
        "senator said on Monday. The ministry has not said how the hackers got in.",
        "Investigators said on Monday that the hackers took 17,300 attachments from the ministry's "
        "servers. The ministry has not said how the hackers broke in.",
        set(),
    ),
    "a running total beside one day's count": (
        "Floods have killed 230 people in the province since the monsoon began in June, the disaster "
        "agency said on Wednesday. Rescue teams reached cut-off villages by boat.",
        "Floods killed 17 people in the province on Wednesday, the disaster agency said, as rescue teams "
        "reached cut-off villages by boat.",
        set(),
    ),
    # --- changes: a rise is compared with a rise, never with a level
    "two outlets' rises disagree": (
        "Retail sales in the country rose 3.2% in October from a year earlier, the statistics office "
        "said on Monday. Shops reported strong demand for winter clothing.",
        "The statistics office said on Monday that retail sales in the country rose 1.8% in October "
        "from a year earlier, as shops sold more winter clothing.",
        {"conflict"},
    ),
    "a rise against a fall of the same size": (
        "Exports of the country's cars fell 6% in May, the trade ministry said on Tuesday, as demand "
        "in Europe weakened for the carmakers.",
        "The trade ministry said on Tuesday that exports of the country's cars rose 6% in May, "
        "despite weaker demand in Europe for the carmakers.",
        {"conflict"},
    ),
    "a rise beside the level it reached": (
        "The central bank raised its key interest rate by 0.5 percentage points to 4.5% on Thursday, "
        "the bank said in a statement. Borrowing costs for households will rise.",
        "The key interest rate now stands at 4.5%, the central bank said in a statement on Thursday, "
        "and borrowing costs for households will rise.",
        set(),
    ),
    "a rise beside an unrelated level of the same size": (
        "Fuel prices in the country rose 4% in June, the energy regulator said on Friday, as drivers "
        "faced higher bills at the pump.",
        "The energy regulator said on Friday that fuel prices in the country are now 9% above the "
        "European average, with drivers facing higher bills at the pump.",
        set(),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(CASES))
def test_two_outlets_reports_of_one_event(case: str) -> None:
    first_text, second_text, wanted = CASES[case]
    wire = Source.objects.create(name="Wire", kind=Source.Kind.AGENCY)
    daily = Source.objects.create(name="Daily")
    articles = []
    for source, text, published in ((wire, first_text, DAY), (daily, second_text, LATER)):
        result = pipeline.ingest_article(source, text=text, title=text[:60], published_at=published)
        assert result.ok, result.reason
        articles.append(result.article)
    crosscheck.run_here(trigger="test")

    stored = Article.objects.filter(pk__in=[a.pk for a in articles])
    assert len({a.story_id for a in stored}) == 1, "the two reports of one event are one story"
    found = Conflict.objects.open().filter(members__claim__article__in=stored).exclude(kind="copy").distinct()
    kinds = {c.kind for c in found}
    if wanted:
        assert kinds & wanted, f"{case}: nothing raised; findings {[(c.kind, c.explanation) for c in found]}"
        assert kinds <= wanted | {"update"}, [(c.kind, c.explanation) for c in found]
    else:
        assert not kinds & RAISED, [(c.kind, c.explanation) for c in found]
