"""Story clustering and article copies (factcheck.core.stories, factcheck.core.copies).

All texts are invented for these tests.
"""

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from factcheck.core.copies import SignaturePool, copy_signature, estimate_containment, find_copies, match_copy
from factcheck.core.stories import (
    DEFAULT_STORY_CONFIG,
    ArticleText,
    StoryCandidate,
    TermWeights,
    WorkStats,
    add_to_centroid,
    article_terms,
    article_vector,
    best_story,
    cluster,
    cluster_edges,
    fit_term_weights,
    index_terms,
    similarity_edges,
)

DAY1 = datetime(2024, 3, 1, 8, 0)

FLOOD = (
    "Flash floods swept through Marrowby on Tuesday after the river Tane burst its banks, forcing hundreds of "
    "residents from their homes. Mayor Elsa Korvin said emergency shelters had opened at the town hall and two "
    "schools. Rescue boats pulled a family of four from a flooded farmhouse near the old mill."
)
FLOOD_REWRITE = (
    "Hundreds of Marrowby residents fled their homes when the river Tane burst its banks and flash floods hit "
    "the town. Shelters opened in two schools and at the town hall, Mayor Elsa Korvin said, while rescue boats "
    "saved a family of four from a farmhouse by the old mill."
)
HOUSING = (
    "The mayor of Dunmere unveiled plans for four hundred new homes, saying residents had waited years for "
    "affordable housing. The council will sell land near the railway station to a cooperative builder, and "
    "construction of the first terraces starts in spring."
)
WIRE = (
    "Engineers at the Pellham dam opened two spillways on Sunday to relieve pressure after a week of heavy rain, "
    "the regional water authority said. Villages downstream along the Orrin valley were told to move livestock to "
    "higher ground. The authority said the structure was sound and that inspections would continue every six "
    "hours. Farmers in Lowick and Brant reported fields under water and several closed roads."
)
EXTRA = (
    "In Lowick, the parish council opened the village hall overnight for families whose cottages flooded, and "
    "volunteers handed out blankets and hot soup until the early morning."
)


def art(i, text, day=None, **kw):
    published = None if day is None else DAY1 + timedelta(days=day)
    return ArticleText(i, text, published=published, **kw)


# -------------------------------------------------------------- clustering


def test_it_clusters_two_rewrites_of_one_event_but_not_another_event_with_shared_words():
    labels = cluster([art(1, FLOOD, 0), art(2, FLOOD_REWRITE, 0), art(3, HOUSING, 0)])
    assert labels[1] == labels[2]
    assert labels[3] != labels[1]


def test_it_separates_same_topic_events_weeks_apart():
    labels = cluster([art(1, FLOOD, 0), art(2, FLOOD_REWRITE, 24), art(3, HOUSING, 0)])
    assert labels[1] != labels[2]


def test_it_keeps_a_story_together_over_a_few_days():
    labels = cluster([art(1, FLOOD, 0), art(2, FLOOD_REWRITE, 1), art(3, FLOOD, 2)])
    assert len(set(labels.values())) == 1


def test_it_allows_undated_articles():
    labels = cluster([art(1, FLOOD, None), art(2, FLOOD_REWRITE, 3), art(3, HOUSING, None)])
    assert labels[1] == labels[2] != labels[3]


def test_it_reads_naive_and_aware_datetimes_alike():
    aware = ArticleText(2, FLOOD_REWRITE, published=DAY1.replace(tzinfo=UTC))
    assert cluster([art(1, FLOOD, 0), aware]) == {1: 1, 2: 1}


def test_it_keeps_pinned_articles_together():
    labels = cluster([art(1, FLOOD, 0), art(2, HOUSING, 0)], pinned={1: 9, 2: 9})
    assert labels[1] == labels[2]


def test_it_keeps_differently_pinned_articles_apart():
    labels = cluster([art(1, FLOOD, 0), art(2, FLOOD_REWRITE, 0)], pinned={1: 9, 2: 10})
    assert labels[1] != labels[2]


def test_it_lets_an_unpinned_article_join_a_pinned_group():
    labels = cluster([art(1, FLOOD, 0), art(2, FLOOD_REWRITE, 0), art(3, HOUSING, 0)], pinned={1: 9})
    assert labels[1] == labels[2] != labels[3]


def test_it_keeps_pins_in_the_edge_replay_without_vectors():
    edges = [(1, 2, 0.9), (2, 3, 0.9), (3, 4, 0.9)]
    labels = cluster_edges([1, 2, 3, 4], {}, edges, pinned={1: 5, 3: 6, 4: 5})
    assert labels[1] == labels[4] != labels[3]


def _synthetic(n, seed=3):
    """Articles drawn from a few invented story vocabularies plus shared filler."""
    rng = random.Random(seed)
    filler = [f"filler{k}" for k in range(40)]
    stories = [[f"s{s}w{k}" for k in range(25)] for s in range(8)]
    out = []
    for i in range(1, n + 1):
        s = rng.randrange(len(stories))
        words = rng.sample(stories[s], 12) + rng.sample(filler, 10)
        when = DAY1 + timedelta(hours=rng.randrange(72)) if rng.random() < 0.8 else None
        out.append(ArticleText(i, " ".join(words), published=when))
    return out


def test_it_is_deterministic_whatever_the_input_order():
    articles = _synthetic(60)
    shuffled = articles[:]
    random.Random(1).shuffle(shuffled)
    assert cluster(articles) == cluster(shuffled)


def test_it_replays_edges_the_same_whatever_their_order():
    articles = _synthetic(40)
    weights = fit_term_weights(article_terms(a) for a in articles)
    rows = [(a.id, article_vector(article_terms(a), weights), a.published) for a in articles]
    edges = similarity_edges(rows, [a.id for a in articles])
    published = {a.id: a.published for a in articles}
    reordered = [(b, a, s) for a, b, s in reversed(edges)]
    ids = [a.id for a in articles]
    assert cluster_edges(ids, published, edges) == cluster_edges(ids[::-1], published, reordered)


def test_it_decides_in_the_batch_replay_as_the_online_pass_does():
    articles = _synthetic(50)  # taken undated, so both go by id
    config = replace(DEFAULT_STORY_CONFIG, refine_passes=0, edge_k=1000, edge_candidates=1000, edge_floor=0.0)
    weights = fit_term_weights(article_terms(a) for a in articles)
    vectors = {a.id: article_vector(article_terms(a), weights) for a in articles}
    online: dict[int, int] = {}
    stories: dict[int, tuple[dict[str, float], int]] = {}
    for a in articles:  # what ingest does, looking at every story
        candidates = [StoryCandidate(s, c, None, None, n) for s, (c, n) in stories.items()]
        chosen, _ = best_story(vectors[a.id], None, candidates, config)
        chosen = a.id if chosen is None else chosen
        centroid, n = stories.get(chosen, ({}, 0))
        stories[chosen] = (add_to_centroid(centroid, vectors[a.id]), n + 1)
        online[a.id] = chosen
    undated = {a.id: None for a in articles}
    rows = [(a.id, vectors[a.id], None) for a in articles]
    edges = similarity_edges(rows, list(vectors), config)
    batch = cluster_edges(list(vectors), undated, edges, config, vectors=vectors)
    assert _partition(batch) == _partition(online)


def _partition(labels):
    groups = {}
    for article, label in labels.items():
        groups.setdefault(label, set()).add(article)
    return sorted(sorted(g) for g in groups.values())


def test_it_gives_the_same_edges_chunked_and_unchunked():
    articles = _synthetic(80)
    weights = fit_term_weights(article_terms(a) for a in articles)
    rows = [(a.id, article_vector(article_terms(a), weights), a.published) for a in articles]
    ids = [a.id for a in articles]
    whole = similarity_edges(rows, ids)
    chunks = [ids[k::4] for k in range(4)]
    parts = [edge for chunk in chunks for edge in similarity_edges(rows[::-1], chunk)]
    assert whole and sorted(parts) == sorted(whole)


def test_it_recovers_the_synthetic_stories():
    articles = _synthetic(80)
    labels = cluster(articles)
    truth = {a.id: next(w for w in a.text.split() if w.startswith("s")).split("w")[0] for a in articles}
    groups = {}
    for i, label in labels.items():
        groups.setdefault(label, set()).add(truth[i])
    assert all(len(g) == 1 for g in groups.values())
    assert len(groups) <= 10


def test_it_puts_one_wire_story_from_fifty_outlets_in_one_story():
    rng = random.Random(5)
    words = WIRE.split()
    articles = []
    for i in range(1, 51):
        rewritten = [
            w if rng.random() > 0.1 else rng.choice(["reportedly", "local", "officials", "Monday"]) for w in words
        ]
        articles.append(ArticleText(i, " ".join(rewritten), published=DAY1 + timedelta(minutes=10 * i)))
    articles.append(ArticleText(99, HOUSING, published=DAY1))
    labels = cluster(articles)
    assert len({labels[i] for i in range(1, 51)}) == 1
    assert labels[99] != labels[1]


def test_it_finishes_2000_identical_republications_with_bounded_work():
    articles = [art(i, FLOOD, None) for i in range(1, 2001)] + [art(3000, HOUSING, None)]
    stats = WorkStats()
    labels = cluster(articles, stats=stats)
    assert len({labels[i] for i in range(1, 2001)}) == 1
    assert labels[3000] != labels[1]
    assert stats.pairs_scored <= len(articles) * DEFAULT_STORY_CONFIG.edge_candidates


def _live_blog(n):
    """Republications of one live blog: its lead, then the latest 30 updates, each with new words."""
    rng = random.Random(2)
    words = (WIRE + " " + EXTRA).split()
    updates, articles = [], []
    for i in range(1, n + 1):
        fresh = " ".join(f"new{i}w{k}" for k in range(6))
        updates.append(f"{i // 60:02d}:{i % 60:02d} {' '.join(rng.choices(words, k=8))} {fresh}")
        articles.append(ArticleText(i, FLOOD + " " + " ".join(updates[-30:])))
    return articles


def test_it_keeps_a_rolling_live_blog_in_one_story_through_its_copies():
    articles = _live_blog(600) + [art(999, HOUSING, None)]
    copies = {c.copy_id: c.origin_id for c in find_copies(articles)}
    stats = WorkStats()
    labels = cluster(articles, stats=stats, copies=copies)
    assert len({labels[i] for i in range(1, 601)}) == 1
    assert labels[999] != labels[1]
    assert stats.pairs_scored <= len(articles) * DEFAULT_STORY_CONFIG.edge_candidates


def test_it_keeps_a_copy_with_its_origin_unless_pinned_elsewhere():
    labels = cluster([art(1, FLOOD, 0), art(2, HOUSING, 1)], copies={2: 1})
    assert labels[1] == labels[2]
    labels = cluster([art(1, FLOOD, 0), art(2, HOUSING, 1)], copies={2: 1}, pinned={1: 7})
    assert labels[1] == labels[2]
    labels = cluster([art(1, FLOOD, 0), art(2, HOUSING, 1)], copies={2: 1}, pinned={1: 7, 2: 8})
    assert labels[1] != labels[2]


def test_it_survives_empty_tiny_foreign_and_binary_text():
    texts = [
        "",
        "Hello",
        "   \n\t ",
        "Пожар на складе в Новосибирске потушили к утру, пострадавших нет, сообщили спасатели.",
        "東京で大きな地震が発生しました。交通機関は一時運転を見合わせています。",
        "\x00\x01\x02\xff" * 200,
        bytes(range(256)).decode("latin-1") * 20,
        "a" * 100_000,
    ]
    articles = [ArticleText(i, t, title=t[:20]) for i, t in enumerate(texts, 1)]
    labels = cluster(articles)
    assert set(labels) == set(range(1, len(texts) + 1))
    find_copies(articles)
    assert all(copy_signature(t)[0] >= 0 for t in texts)


def test_it_keeps_one_liners_apart_unless_near_exact_copies():
    one = art(1, "Storm closes Marrowby bridge.", 0)
    other = art(2, "Marrowby bridge reopens after storm.", 0)
    same = art(3, "Storm closes Marrowby bridge.", 0)
    labels = cluster([one, other, same, art(4, FLOOD, 0)])
    assert labels[1] == labels[3]
    assert labels[2] != labels[1]
    assert labels[4] not in (labels[1], labels[2])


def test_it_clusters_copies_of_a_non_english_article_only_with_each_other():
    ru = "Пожар на складе в Новосибирске потушили к утру, пострадавших нет, сообщили спасатели области."
    ja = "東京で大きな地震が発生しました。交通機関は一時運転を見合わせています。"
    labels = cluster([art(1, ru, 0), art(2, ru, 0), art(3, ja, 0), art(4, ja, 0), art(5, FLOOD, 0)])
    assert labels[1] == labels[2] != labels[3] == labels[4]
    assert labels[5] not in (labels[1], labels[3])


# -------------------------------------------------------------- terms, weights, online pieces


def test_it_bounds_the_stored_terms_deterministically():
    text = " ".join(f"word{k}" for k in range(500))
    config = replace(DEFAULT_STORY_CONFIG, max_terms=20)
    terms = article_terms(ArticleText(1, text), config)
    assert len(terms) == 20
    assert terms == article_terms(ArticleText(2, text), config)


def test_it_weights_title_words_and_names():
    terms = article_terms(ArticleText(1, "Rain in Lowick.", title="Lowick rain", names=("Lowick",)))
    assert terms["lowick"] == 1 + DEFAULT_STORY_CONFIG.title_weight
    assert terms["n:lowick"] == DEFAULT_STORY_CONFIG.name_weight


def test_it_round_trips_term_weights_and_treats_unseen_terms_as_rare():
    weights = fit_term_weights([{"rain": 1.0, "dam": 2.0}, {"rain": 1.0}])
    again = TermWeights.from_dict(weights.to_dict())
    assert again == weights
    assert again.idf("never-seen") == again.idf("dam") > again.idf("rain")


def test_it_caps_the_vocabulary_of_term_weights():
    weights = fit_term_weights([{f"t{k}": 1.0, "common": 1.0} for k in range(50)], max_vocab=10)
    assert len(weights.df) == 10 and "common" in weights.df


def test_it_returns_no_story_below_the_threshold():
    weights = fit_term_weights([article_terms(art(1, FLOOD)), article_terms(art(2, HOUSING))])
    flood = article_vector(article_terms(art(1, FLOOD)), weights)
    housing = article_vector(article_terms(art(2, HOUSING)), weights)
    story = StoryCandidate(7, add_to_centroid({}, flood), DAY1, DAY1, 1)
    assert best_story(flood, DAY1, [story])[0] == 7
    found, score = best_story(housing, DAY1, [story])
    assert found is None and score < DEFAULT_STORY_CONFIG.join_threshold


def test_it_finds_the_story_through_index_terms():
    weights = fit_term_weights(article_terms(art(i, t)) for i, t in enumerate([FLOOD, FLOOD_REWRITE, HOUSING]))
    centroid = add_to_centroid({}, article_vector(article_terms(art(1, FLOOD)), weights))
    rewrite = article_vector(article_terms(art(2, FLOOD_REWRITE)), weights)
    assert set(index_terms(rewrite)) & set(index_terms(centroid))
    assert len(index_terms(centroid)) == DEFAULT_STORY_CONFIG.index_terms


def test_it_caps_the_mass_of_a_centroid_so_it_follows_a_long_story():
    centroid: dict[str, float] = {}
    for _ in range(100):
        centroid = add_to_centroid(centroid, {"old": 1.0})
    for _ in range(30):
        centroid = add_to_centroid(centroid, {"new": 1.0})
    assert centroid["new"] > centroid["old"]


def test_it_leaves_numbers_out_of_the_terms():
    assert article_terms(ArticleText(1, "At 10:45 the toll rose to 298 in Lowick.")) == {
        "toll": 1.0,
        "rose": 1.0,
        "lowick": 1.0,
    }


def test_it_truncates_centroids():
    config = replace(DEFAULT_STORY_CONFIG, centroid_terms=3)
    centroid = add_to_centroid({"a": 0.9, "b": 0.1}, {"c": 0.5, "d": 0.4, "a": 0.1}, config)
    assert centroid == {"a": 1.0, "c": 0.5, "d": 0.4}


# -------------------------------------------------------------- copies


def _edit(text, changes):
    words = text.split()
    for position, word in changes:
        words[position] = word
    return " ".join(words)


def test_it_finds_a_lightly_rewritten_copy_with_the_earlier_as_origin():
    copy = _edit(WIRE, [(3, "Pelham"), (20, "warned"), (40, "cattle")]) + " " + EXTRA
    # the copy has the lower id: the origin is decided by time, not by id
    links = find_copies([art(1, copy, 1), art(2, WIRE, 0), art(3, HOUSING, 0)])
    assert [(c.origin_id, c.copy_id) for c in links] == [(2, 1)]
    assert 0.5 < links[0].containment < 1.0


def test_it_finds_a_copy_with_a_paragraph_cut():
    cut = WIRE.split(". ")
    links = find_copies([art(1, WIRE, 0), art(2, ". ".join(cut[:3]) + ".", 1)])
    assert [(c.origin_id, c.copy_id) for c in links] == [(1, 2)]
    assert links[0].containment > 0.95


def test_it_points_a_chain_of_copies_at_the_earliest():
    first = art(1, WIRE, 0)
    second = art(2, WIRE + " " + EXTRA + " " + FLOOD, 1)  # adds text: it is indexed too
    third = art(3, _edit(EXTRA + " " + FLOOD, [(5, "shire")]), 2)  # copies only the added part
    links = find_copies([third, second, first])
    assert {(c.origin_id, c.copy_id) for c in links} == {(1, 2), (1, 3)}
    assert next(c for c in links if c.copy_id == 3).via_id == 2


def test_it_puts_undated_articles_after_dated_ones_as_origins():
    links = find_copies([art(1, WIRE, None), art(2, WIRE, 5)])
    assert [(c.origin_id, c.copy_id) for c in links] == [(2, 1)]


def test_it_does_not_call_a_shared_quote_a_copy():
    quote = (
        '"We will rebuild every bridge and every road that this water has taken from us, and we will do it '
        'before the winter comes," the minister said.'
    )
    a = art(1, FLOOD + " " + quote, 0)
    b = art(2, HOUSING + " " + quote + " " + EXTRA, 0)
    assert find_copies([a, b]) == []


def test_it_finds_copies_of_2000_republications_with_bounded_work():
    articles = [art(i, WIRE, None) for i in range(1, 2001)]
    stats = WorkStats()
    links = find_copies(articles, stats=stats)
    assert len(links) == 1999 and {c.origin_id for c in links} == {1}
    assert stats.containment_checks <= len(articles)


def test_it_estimates_containment_from_stored_signatures():
    copy = WIRE + " " + EXTRA
    estimate = estimate_containment(copy_signature(copy), copy_signature(WIRE))
    assert 0.6 < estimate < 0.9
    assert estimate_containment(copy_signature(HOUSING), copy_signature(WIRE)) < 0.1


def test_it_matches_a_new_article_against_stored_signatures():
    stored = [(1, copy_signature(WIRE), DAY1), (3, copy_signature(HOUSING), DAY1)]
    later = DAY1 + timedelta(hours=2)
    link = match_copy(2, copy_signature(_edit(WIRE, [(3, "Pelham")])), later, stored)
    assert link is not None and link.origin_id == 1
    assert match_copy(4, copy_signature(FLOOD), later, stored) is None
    # an article is never the copy of a later one
    assert match_copy(5, copy_signature(WIRE), DAY1 - timedelta(days=1), stored) is None


def test_a_signature_pool_gives_pair_by_pair_containments_both_ways_round() -> None:
    """The pool an arriving article is checked against answers, for every held article
    (newest first), what estimate_containment gives as the larger of the two directions."""

    base = "The storm reached the coast on Monday night and cut power to forty thousand homes in the region."
    texts = [
        base,
        base + " Schools will stay closed on Tuesday, the mayor said.",
        "A new bridge opened on Monday night in the region after three years of work by the city.",
        base.replace("forty", "fifty") + " Crews worked through the night.",
        "",
        "Short.",
    ]
    signatures = [copy_signature(t) for t in texts]
    pool = SignaturePool(len(signatures[0]))
    pool.extend_oldest(signatures[3:][::-1])
    for signature in signatures[:3][::-1]:
        pool.push(signature)
    held = signatures[:3] + signatures[3:][::-1]  # newest first
    for mine in signatures:
        expected = [max(estimate_containment(mine, o), estimate_containment(o, mine)) for o in held]
        assert pool.containments(mine).tolist() == expected
    assert pool.containments(signatures[1], limit=2).tolist() == [
        max(estimate_containment(signatures[1], o), estimate_containment(o, signatures[1])) for o in held[:2]
    ]
    assert pool.containments([0]).tolist() == [0.0] * len(held)
