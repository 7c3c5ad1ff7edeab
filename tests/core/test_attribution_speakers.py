"""Attribution round 4: speaker spans (subjects behind openers, time phrases and inserted
phrases), trailing attributions, first-person sources, gerunds, headlines, stance adjectives
and nested attributions (sentences and names invented for these tests)."""

from __future__ import annotations

import math

from factcheck.core import extract_claims


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [(text[c.speaker_start : c.speaker_end], c.cue) for c in extract_claims(text) if c.speaker_start is not None]


def test_a_participle_after_a_comma_is_not_inverted() -> None:
    # "warning voters": the voters are warned, they do not speak
    assert speakers("Okafor attacked the plan, warning voters on Monday that fees would rise.") == [
        ("Okafor", "attacked"),
        ("Okafor", "warning"),
    ]


def test_a_participle_takes_the_subject_after_an_opening_phrase() -> None:
    text = "Speaking in Salem, Oregon, Mayor Dana Ruiz criticized the plan, calling it reckless."
    assert ("Dana Ruiz", "calling") in speakers(text)
    assert all(s != "Oregon" for s, _ in speakers(text))


def test_a_contracted_negation_is_skipped_before_the_cue() -> None:
    assert speakers("Lee wouldn't recommend a recount.") == [("Lee", "recommend")]


def test_adverbs_between_subject_and_cue_are_skipped() -> None:
    assert speakers("Lee has nevertheless called the vote unfair.") == [("Lee", "called")]
    assert speakers("The mayor is now assured of a majority, aides said.")[-1] == ("aides", "said")


def test_time_phrases_between_subject_and_cue_are_skipped() -> None:
    assert speakers("Marta Quell this past week announced a new budget.") == [("Marta Quell", "announced")]
    assert speakers("Lena Ortiz a month later announced 600 layoffs.") == [("Lena Ortiz", "announced")]
    assert speakers("Ruiz on Thursday evening said the roads were closed.") == [("Ruiz", "said")]
    assert speakers("Friends of Ruiz have in the past said she was tired.") == [("Friends of Ruiz", "said")]
    assert speakers("Ruiz earlier in the day touted the deal.") == [("Ruiz", "touted")]


def test_an_inserted_phrase_before_the_cue_is_skipped() -> None:
    assert speakers("Quell in her budget speech called the tax unfair.") == [("Quell", "called")]
    # a clause after "after" is no inserted phrase: its own subject speaks
    text = "The pier closed on Sunday after the Harbor Board had said it was unsafe."
    assert ("the Harbor Board", "said") in speakers(text)


def test_a_trailing_attribution_reports_the_whole_sentence() -> None:
    text = "Rising rents have pushed many families out of the city, she noted."
    (claim,) = [c for c in extract_claims(text) if c.cue == "noted"]
    assert claim.start == 0 and claim.end == len(text)


def test_a_first_person_subject_outside_a_quotation_is_a_source() -> None:
    assert speakers("I think the count is wrong.") == [("I", "think")]
    assert extract_claims("I think the count is wrong.")[0].speaker == "I"
    # inside a quotation the outer speaker keeps the claim
    assert speakers('"I think it is wrong," Lee said.') == [("Lee", "said")]


def test_a_gerund_after_by_belongs_to_the_subject() -> None:
    assert speakers("Lee ended the debate by saying the city would recover.") == [("Lee", "saying")]


def test_a_title_case_headline_has_cues() -> None:
    assert speakers("Mayor Lee Says Budget Is Balanced") == [("Lee", "says")]
    assert speakers("Lee Says Taxes Rise, Calls Plan Fair") == [("Lee", "says"), ("Lee", "calls")]
    # a capitalised cue word in running text is still no cue
    assert speakers("The Says River flooded on Monday.") == []


def test_a_year_inside_the_source_after_according_to() -> None:
    text = "The cost would be high, according to a 2014 Labor Department study."
    assert speakers(text) == [("a 2014 Labor Department study", "according to")]


def test_released_is_a_cue_only_for_something_that_speaks() -> None:
    assert speakers("The ministry released a statement saying the bridge was safe.")[0] == ("The ministry", "released")
    assert speakers("Rebels released four prisoners on Friday.") == []


def test_an_abbreviated_title_stays_inside_the_name() -> None:
    text = "Sen. Ann Cole, facing a tough race in Ohio, a swing state, said she would vote no."
    assert speakers(text) == [("Ann Cole", "said")]


def test_an_opening_adverb_is_no_speaker() -> None:
    text = "Moreover, Dana Ruiz, a city planner, noted that the roads were empty."
    assert speakers(text) == [("Dana Ruiz", "noted")]
    text = "Hours later, Lee answered the critics, telling reporters that the vote was fair."
    assert ("Lee", "telling") in speakers(text)


def test_a_cue_after_to_belongs_to_the_subject_of_the_clause() -> None:
    assert speakers("Lee went on to say the vote was rigged.") == [("Lee", "say")]
    assert speakers("It is hard to say no.") == []


def test_a_stance_adjective_after_a_copula_is_a_cue() -> None:
    assert speakers("Lee is confident that the bill will pass.") == [("Lee", "confident")]
    assert speakers("A confident Lee walked in.") == []


def test_a_nested_attribution_without_figures_is_left_to_the_outer_speaker() -> None:
    assert speakers("Lee said he thinks the plan is fair.") == [("Lee", "said")]
    assert speakers("Lee said the council believes the plan is fair.") == [("Lee", "said")]
    # with a figure of its own the nearer source keeps it
    text = "Lee said the council reported 40 injured."
    assert speakers(text) == [("Lee", "said"), ("the council", "reported")]
    nested = [c for c in extract_claims(text) if c.cue == "reported"][0]
    assert [f.value for f in nested.figures] == [40.0]


def test_only_speech_verbs_invert() -> None:
    text = "The survey, released on Monday by the Civic Institute, showed Lee leading Park among voters."
    assert speakers(text) == [("The survey", "showed")]
    assert speakers('"We will rebuild," said Dana Ruiz, the mayor.') == [("Dana Ruiz", "said")]


def test_a_name_after_according_to_and_a_comma_is_the_next_subject() -> None:
    text = "According to the Daily Ledger, Norwood has stated it will not pay."
    assert speakers(text)[0] == ("the Daily Ledger", "according to")


def test_a_short_attribution_after_a_question_claims_the_quotation() -> None:
    text = "“What is this about?” Lee added during his appearance on a morning radio show."
    (claim,) = extract_claims(text)
    assert claim.speaker == "Lee" and claim.start == 0


def test_stance_adjectives_and_infinitive_cues_stay_linear() -> None:
    text = "Lee is confident. " * 2000 + "Lee went on to say " * 2000
    assert len(extract_claims(text)) >= 2000


def test_the_head_of_a_sentence_after_an_opening_clause_reports_the_sentence() -> None:
    text = "When Lee first described the wall in May, he said, “We will build a door.”"
    said = [c for c in extract_claims(text) if c.cue == "said"]
    assert len(said) == 1 and said[0].start == 0 and said[0].end == len(text)
    text = "As for critics who claim the plan failed, Ruiz said, “They are wrong.”"
    assert ("Ruiz", "said") in speakers(text)


def test_a_run_of_cues_after_and_stays_linear() -> None:
    import gc
    import time

    def cost(n: int) -> float:
        # The least CPU time of three runs, with the collector off: a growth rate, not a speed,
        # so that a collection or a busy machine in one run cannot pass for quadratic growth.
        text = "The tone and echoed " * n
        best = math.inf
        for _ in range(3):
            gc.disable()
            try:
                t = time.process_time()
                extract_claims(text)
                best = min(best, time.process_time() - t)
            finally:
                gc.enable()
        return best

    small, big = cost(1000), cost(4000)
    assert big < 12 * small + 0.05  # linear growth is 4x; quadratic would be 16x


def test_a_contracted_pronoun_before_a_cue_is_a_subject() -> None:
    text = "Ever since Dana Lee announced her run, she's said the same thing."
    (claim,) = [c for c in extract_claims(text) if c.cue == "said"]
    assert text[claim.speaker_start : claim.speaker_end] == "she's" and claim.speaker == "Dana Lee"


def test_a_qualified_poll_standing_is_a_source() -> None:
    assert speakers("Walker leads in the latest polls.") == [("the latest polls", "in")]
    assert speakers("Walker is ahead in the polls.") == []


def test_an_opening_time_phrase_is_no_subject() -> None:
    text = "A few minutes later they reversed course and said they would register voters."
    assert speakers(text) == [("they", "said")]


def test_an_article_alone_is_no_speaker() -> None:
    assert speakers("The tone of the speech was dark and echoed old themes.") == [("The tone", "echoed")]


def test_an_attribution_after_a_question_keeps_the_quotation() -> None:
    text = "“Who do they think they are?” Lee said of the firm in May, when the dispute over the invoices began."
    (claim,) = extract_claims(text)
    assert claim.speaker == "Lee" and claim.start == 0


def test_speech_verbs_of_the_brief_invert() -> None:
    assert speakers("“Stop the shelling!” pleaded Olena Dovha, a nurse.") == [("Olena Dovha", "pleaded")]


def test_the_subject_before_a_pair_of_dashes_speaks() -> None:
    text = "Many speakers at the service — including two bishops — said the loss was painful."
    assert speakers(text) == [("Many speakers at the service", "said")]
    assert speakers("Senator Ray Holt -- who lost the 2008 race -- said the plan would fail.")[-1] == (
        "Ray Holt",
        "said",
    )
    # a hyphen inside a word is no inserted phrase
    assert speakers("The anti-war group - and its allies - said the vote was rigged.")[-1][1] == "said"


def test_an_inverted_speaker_may_be_followed_by_with() -> None:
    text = '"It is over," said one person with knowledge of the talks.'
    assert speakers(text) == [("one person", "said")]


def test_a_coordinated_subject_before_an_inserted_however() -> None:
    text = "Security experts and city officials, however, said the breach was small."
    assert speakers(text) == [("Security experts and city officials", "said")]


def test_some_verbs_are_cues_only_as_a_phrase() -> None:
    assert speakers("As Lee put it, the budget is a mess.") == [("Lee", "put it")]
    assert speakers("Lee weighed in on the dispute.") == [("Lee", "weighed in")]
    assert speakers("Ruiz put the box down.") == []
    assert speakers("That is what he put") == []


def test_a_bare_weekday_and_instead_are_skipped_before_the_cue() -> None:
    text = "The leading candidates for mayor Thursday lashed out at the council."
    assert speakers(text) == [("The leading candidates for mayor", "lashed")]
    text = "In it, Ruiz departed from the script and instead portrayed the mayor as a bully."
    assert speakers(text) == [("Ruiz", "portrayed")]


def test_a_single_speaker_keeps_its_place() -> None:
    assert speakers('"Will he run?" a staffer in the room wondered.') == [("a staffer in the room", "wondered")]


def test_a_name_after_a_dash_before_a_colon_and_a_quotation_speaks() -> None:
    assert speakers("Polls were off - Ann Reyes: “The samples were small.”") == [("Ann Reyes", ":")]
    assert speakers("Polls were off - Read more: “The samples were small.”") == []


def test_the_name_before_a_relative_clause_speaks_and_nothing_is_inverted() -> None:
    text = "The Valley Monitoring Group, which tracks the fighting, reported rebels shot nine guards."
    assert speakers(text) == [("The Valley Monitoring Group", "reported")]


def test_a_cue_word_after_such_or_no_is_a_noun() -> None:
    text = "Such claims make it unlikely she beat 100 rivals, as the fan pages said."
    assert speakers(text) == [("the fan pages", "said")]
