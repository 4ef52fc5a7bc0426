"""The signals layer: named signals with evidence, `when` clauses compiled at load, meta rules composing them."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from tactful.config import load_config
from tactful.errors import InputError, RulePackError
from tactful.matchers import RuleSet
from tactful.rulepack import load_packs
from tactful.signals.moments import load_moments, moving_day_holds
from tactful.signals.registry import registered

META_RULE = """
  - id: out_of_step.test-clash
    category: out_of_step
    severity: warning
    score: 5
    message: m
    why: w
    suggestion: s
    kind: meta
    when:
      all: [them.bad_news]
      any: [draft.cheer, "draft.pitch >= 0.8"]
    examples: {flag: ["x"], pass: ["y"]}
"""


def _ruleset(tmp_path: Path, body: str) -> RuleSet:
    (tmp_path / "out_of_step.yml").write_text("category: out_of_step\nrules:\n" + body)
    return RuleSet(load_packs(tmp_path))


def test_meta_rule_with_known_signals_loads(tmp_path):
    assert [r.id for r in _ruleset(tmp_path, META_RULE).rules] == ["out_of_step.test-clash"]


@pytest.mark.parametrize("change,needle", [
    (("them.bad_news]", "them.bad_newz]"), "unknown signal 'them.bad_newz'; did you mean"),
    (("draft.cheer,", "cheer,"), "is not a signal name or a comparison"),
    (('"draft.pitch >= 0.8"', '"draft.link >= 0.8"'), "is a yes/no signal"),
    (("      any:", "      most:"), "'when' takes only"),
    (("    when:\n      all: [them.bad_news]\n      any: [draft.cheer, \"draft.pitch >= 0.8\"]\n", ""), "needs a 'when'"),
    (("    kind: meta\n", "    kind: meta\n    span_from: [draft.cheery]\n"), "unknown signal 'draft.cheery' in span_from"),
    (("    kind: meta\n", "    kind: meta\n    suppressed_by: [out_of_step.nope]\n"), "suppressed_by names no loaded rule"),
    # An unknown signal anywhere a rule names one: in a comparison, in a nested clause, in evidence_from.
    (('"draft.pitch >= 0.8"', '"draft.pitchh >= 0.8"'), "unknown signal 'draft.pitchh'; did you mean 'draft.pitch'"),
    (("draft.cheer,", "{none: [draft.cheerr]},"), "unknown signal 'draft.cheerr'"),
    (("    kind: meta\n", "    kind: meta\n    evidence_from: [them.bad_newz]\n"), "unknown signal 'them.bad_newz' in evidence_from"),
])
def test_a_typo_in_a_meta_rule_is_a_load_error_naming_file_and_rule(tmp_path, change, needle):
    old, new = change
    with pytest.raises(RulePackError) as caught:
        _ruleset(tmp_path, META_RULE.replace(old, new, 1))
    message = str(caught.value)
    assert message.startswith("out_of_step.yml: rule out_of_step.test-clash: "), message
    assert needle in message


def test_every_shipped_when_clause_names_known_signals():
    # Loading the shipped packs compiles every `when`; a typo anywhere would raise here.
    ruleset = RuleSet(load_packs())
    meta = [r for r in ruleset.rules if r.kind == "meta"]
    assert len(meta) >= 10


def test_every_signal_is_documented():
    for name, spec in registered().items():
        assert spec.doc and len(spec.doc) > 15, name
        assert name.split(".")[0] in ("draft", "them", "history", "moment"), name


HISTORY_BAD_NEWS = [{"from": "them", "kind": "message", "at": "2026-04-15T10:00:00Z",
                     "text": "My father passed away on Sunday, so I'll be offline for a couple of weeks."}]


def _signal(engine, request, name):
    return next(s for s in engine.signals(request) if s.name == name)


def test_state_signal_names_the_message_and_its_age(engine):
    found = _signal(engine, {"draft": "ok", "send_at": "2026-04-15T14:00:00Z", "history": HISTORY_BAD_NEWS},
                    "them.bad_news")
    assert found.holds
    assert "passed away" in found.evidence and "4 hours earlier" in found.evidence


def test_state_signals_read_nothing_without_history(engine):
    found = _signal(engine, {"draft": "So sorry to hear that"}, "them.bad_news")
    assert not found.holds and found.value == 0.0


def test_state_signal_expires_with_age(engine):
    old = {"draft": "ok", "send_at": "2026-09-15T14:00:00Z", "history": HISTORY_BAD_NEWS}
    assert not _signal(engine, old, "them.bad_news").holds  # five months on, the news no longer frames the reply


def test_draft_act_signal_points_at_its_sentence(engine):
    draft = "Thanks for the update. Our summer sale is live: 30% off every plan, upgrade today at shop.example/summer"
    found = _signal(engine, {"draft": draft}, "draft.pitch")
    assert found.holds
    start, end = found.span
    assert "30% off" in draft[start:end]


def test_history_numbers(engine):
    request = {"draft": "Welcome aboard!", "send_at": "2026-04-15T14:00:00Z", "history": [
        {"from": "me", "kind": "call", "at": "2026-04-15T12:00:00Z", "text": "intro call"},
        {"from": "me", "kind": "message", "text": "Great talking today", "at": "2026-04-15T12:30:00Z"},
        {"from": "me", "kind": "message", "text": "Any thoughts?", "at": "2026-04-15T13:00:00Z"},
    ]}
    assert _signal(engine, request, "history.minutes_since_call").value == 120.0
    assert _signal(engine, request, "history.unanswered_outbound").value == 2


def test_same_draft_two_histories_two_verdicts(engine):
    draft = "Hey Marco!! Exciting times ahead 🚀 Our summer cohort opens Monday, want me to save you a seat?"
    bad = engine.check({"draft": draft, "send_at": "2026-04-15T14:00:00Z", "history": [
        {"from": "them", "text": "Honestly it's been a brutal month. The studio didn't survive the rent hike and we "
                                 "closed for good on Friday.", "at": "2026-04-14T10:00:00Z"}]})
    good = engine.check({"draft": draft, "send_at": "2026-04-15T14:00:00Z", "history": [
        {"from": "them", "text": "Just signed the lease on a bigger studio! Any spots left in the summer cohort?",
         "at": "2026-04-14T10:00:00Z"}]})
    assert "out_of_step" in bad["flags"]
    assert "out_of_step" not in good["flags"]


# ---- lexicon readings: what they said, and what the draft does, in so many words ---------------------

def _thread(*texts, draft="ok"):
    """Their messages a day apart, the last the day before sending."""
    history = [{"from": "them", "kind": "message", "text": text, "at": f"2026-04-{12 + i:02d}T10:00:00Z"}
               for i, text in enumerate(texts)]
    return {"draft": draft, "send_at": "2026-04-15T10:00:00Z", "history": history}


def test_a_stop_request_two_messages_back_still_holds_with_its_words_as_evidence(engine):
    request = _thread("Please take me off your mailing list.", "Also, the invoice address changed.", "Thanks.")
    found = _signal(engine, request, "them.asked_to_stop")
    assert found.holds and "take me off your mailing list" in found.evidence.lower()
    assert not _signal(engine, request, "them.said_no").holds


def test_a_stop_lifted_by_a_later_question_no_longer_holds(engine):
    request = _thread("Please stop emailing me.", "Actually, do you still do the winter boiler check?")
    assert not _signal(engine, request, "them.asked_to_stop").holds


def test_a_stop_to_the_promotions_only_is_its_own_signal(engine):
    request = _thread("Unsubscribe me from the promo texts please, but keep the delivery updates coming.")
    assert _signal(engine, request, "them.asked_to_stop_promotions").holds
    assert not _signal(engine, request, "them.asked_to_stop").holds


def test_a_no_that_goes_on_with_but_is_a_reply_not_a_no(engine):
    assert _signal(engine, _thread("Not interested, thanks."), "them.said_no").holds
    assert not _signal(engine, _thread("Not interested in the upgrade, but how do I export my data?"),
                       "them.said_no").holds


def test_draft_word_readings_mark_their_words(engine):
    draft = "Hi Ana, just following up: I won't chase again after this. Shall I send the brochure anyway?"
    nudge = _signal(engine, {"draft": draft}, "draft.nudge_words")
    assert nudge.holds and draft[slice(*nudge.span)].lower() == "following up"
    offer = _signal(engine, {"draft": draft}, "draft.reoffer")
    assert offer.holds and draft[slice(*offer.span)].lower() == "shall i send"
    assert not _signal(engine, {"draft": "I won't follow up again. All the best, Ana."}, "draft.nudge_words").holds


def test_repeats_earlier_is_the_closest_earlier_message(engine):
    earlier = "Hi Ana, our spring menu is out: twelve new dishes, book a table at bistro.example"
    request = {"draft": "Hi Ana, our spring menu is out: twelve new dishes, book your table at bistro.example",
               "send_at": "2026-04-15T10:00:00Z",
               "history": [{"from": "me", "kind": "message", "text": "Hello!", "at": "2026-04-10T10:00:00Z"},
                           {"from": "me", "kind": "message", "text": earlier, "at": "2026-04-12T10:00:00Z"}]}
    found = _signal(engine, request, "draft.repeats_earlier")
    assert found.value >= 0.8 and "spring menu" in found.evidence
    assert _signal(engine, {"draft": "Thanks!"}, "draft.repeats_earlier").value == 0.0


def test_a_decision_against_wins_over_a_purchase_in_the_same_thread(engine):
    request = _thread("We booked the venue for the 12th.", "Update: we've gone with another caterer, sorry.")
    found = _signal(engine, request, "them.decided_against")
    assert found.holds and "another caterer" in found.evidence
    assert not _signal(engine, request, "them.already_bought").holds


def test_reselling_what_they_bought_needs_the_same_thing(engine):
    bought = "Picked up the Kestrel 2 stroller from your shop on Saturday, love it!"
    same = _thread(bought, draft="The Kestrel 2 stroller is 15% off this week, shop now at prams.example")
    other = _thread(bought, draft="Our new car seats are 15% off this week, shop now at prams.example")
    assert _signal(engine, same, "them.already_bought").holds
    assert _signal(engine, same, "draft.resells_what_they_bought").holds
    assert not _signal(engine, other, "draft.resells_what_they_bought").holds


def test_not_yet_names_the_date_and_lapses_after_it(engine):
    history = [{"from": "them", "kind": "message", "at": "2026-04-06T09:00:00Z",
                "text": "Not now, harvest is mad. Call me after it's in, October."}]
    may = _signal(engine, {"draft": "ok", "send_at": "2026-05-09T12:00:00Z", "history": history}, "them.said_not_yet")
    assert may.holds and "not now" in may.evidence.lower() and "October 2026" in may.evidence
    assert not _signal(engine, {"draft": "ok", "send_at": "2026-10-20T12:00:00Z", "history": history},
                       "them.said_not_yet").holds


def test_unanswered_streak_quotes_the_latest_and_reask_takes_up_its_words(engine):
    history = [{"from": "me", "kind": "message", "text": text, "at": f"2026-04-{day}T09:00:00Z"}
               for day, text in (("01", "Hi Gemma, our catering menu for the autumn weddings is attached."),
                                 ("05", "Hi Gemma, did the menu arrive?"),
                                 ("09", "Gemma, a late-night grazing table is now on the menu too."))]
    request = {"draft": "Gemma, would the grazing table suit your October weddings?", "send_at": "2026-04-15T09:00:00Z",
               "history": history}
    streak = _signal(engine, request, "history.unanswered_outbound")
    assert streak.value == 3 and streak.evidence.startswith("3 of your messages in a row are unanswered")
    assert "grazing table" in streak.evidence
    assert _signal(engine, request, "draft.reasks_unanswered").holds
    assert not _signal(engine, {**request, "draft": "Are you free for a call on Friday?"}, "draft.reasks_unanswered").holds


def test_casual_thread_and_form_letter(engine):
    request = _thread("haha you guys are the best, Pepper looks like a tiny lion 🦁",
                      draft="Dear Client, we thank you for your patronage.")
    assert _signal(engine, request, "them.casual").holds
    letter = _signal(engine, request, "draft.form_letter")
    assert letter.holds and request["draft"][slice(*letter.span)].lower().startswith("dear client")
    assert not _signal(engine, _thread("I wish to lodge a formal complaint about invoice 2231."), "them.casual").holds


def test_hostile_words_hold_until_they_calm_down(engine):
    angry = _thread("Third cancelled train this week.", "Do you even read these??")
    found = _signal(engine, angry, "them.hostile_words")
    assert found.holds and "do you even" in found.evidence.lower()
    calmed = _thread("Do you even read these??", "Ok, the refund came through, thank you, really appreciate it.")
    assert not _signal(engine, calmed, "them.hostile_words").holds


def test_correction_words_after_a_warm_message_that_asked_for_none(engine):
    thanks = "Thank you so much for you're help with the visa forms, I could of never done it alone!!"
    request = _thread(thanks, draft="Happy to help! It's 'your', not 'you're', by the way.")
    assert _signal(engine, request, "them.warm").holds
    fix = _signal(engine, request, "draft.correction_words")
    assert fix.holds and request["draft"][slice(*fix.span)].endswith("'your', not 'you're'")
    asked = _thread("Thanks!! Is my Spanish ok on this flyer? Be honest please")
    assert _signal(engine, asked, "them.asked_for_feedback").holds
    polite = _thread(thanks, draft="Thank you! Actually, I'm away on Friday, could we do Monday?")
    assert not _signal(engine, polite, "draft.correction_words").holds


def test_a_recent_call_and_whether_the_draft_takes_it_up(engine):
    call = {"from": "me", "kind": "call", "at": "2026-04-15T12:00:00Z",
            "text": "Call with Hiroshi: localisation of their cookware catalogue, 60 pages, due in June"}
    template = {"draft": "Good day, I hope this email finds you well. Kindly find our company profile attached.",
                "send_at": "2026-04-15T15:00:00Z", "history": [call]}
    spoke = _signal(engine, template, "history.spoke_recently")
    assert spoke.holds and "cookware catalogue" in spoke.evidence
    assert _signal(engine, template, "draft.template_words").holds
    assert not _signal(engine, template, "draft.takes_up_moment").holds
    reply = {**template, "draft": "Here's the estimate for the 60-page cookware catalogue, in three batches."}
    assert _signal(engine, reply, "draft.takes_up_moment").holds
    assert not _signal(engine, {**template, "send_at": "2026-04-18T15:00:00Z"}, "history.spoke_recently").holds


def test_a_tragedy_beside_a_promotion_is_marked_and_a_newsletter_item_apart_is_not(engine):
    tied = "Stay safe as the hurricane hits! Shop our generators, 20% off with code STORM."
    found = _signal(engine, {"draft": tied, "channel": "post"}, "draft.tragedy_by_promotion")
    assert found.holds and tied[slice(*found.span)].lower() == "hurricane"
    apart = ("Our thoughts are with everyone affected by the hurricane in Florida this week. " + "News. " * 45
             + "In other news, our autumn range is 20% off with code AUTUMN.")
    assert not _signal(engine, {"draft": apart, "channel": "post"}, "draft.tragedy_by_promotion").holds


def test_a_laughing_complaint_is_no_complaint_and_a_review_ask_after_one_is_marked(engine):
    assert _signal(engine, _thread("The cake arrived squashed, really disappointed."),
                   "them.complaint_words").holds
    assert not _signal(engine, _thread("really disappointed in my own spelling lol 😂"), "them.complaint_words").holds
    request = _thread("The cake arrived squashed, really disappointed.",
                      draft="Hi Dorcas! If you enjoyed your order, would you leave us a 5-star review?")
    request["history"].append({"from": "me", "kind": "message", "text": "So sorry, refunded in full.",
                               "at": "2026-04-14T12:00:00Z"})
    assert _signal(engine, request, "them.complained_lately").holds
    assert _signal(engine, request, "draft.asks_review").holds


def test_their_open_question_quotes_it_and_a_rhetorical_one_waits_for_nothing(engine):
    asked = _thread("The floor plan looks good.", "Is the parking space included in the rent, or extra?")
    found = _signal(engine, asked, "them.open_question")
    assert found.holds and "parking space included" in found.evidence.lower()
    assert not _signal(engine, _thread("Do you even read these??"), "them.open_question").holds
    # A post is not asked of you; a question older than two weeks is not the one the draft replies to.
    post = {**asked, "history": [{**asked["history"][-1], "kind": "post"}]}
    assert not _signal(engine, post, "them.open_question").holds
    assert not _signal(engine, {**asked, "send_at": "2026-05-15T10:00:00Z"}, "them.open_question").holds


def test_whether_the_draft_answers_their_question_and_names_what_it_asks_about(engine):
    question = "Is the parking space included in the rent, or extra?"
    answer = _signal(engine, _thread(question, draft="The parking space is included."), "draft.answers_their_question")
    assert answer.holds and "park" in answer.evidence
    stock = _thread(question, draft="Great, talk soon!")
    assert not _signal(engine, stock, "draft.answers_their_question").holds
    assert _signal(engine, stock, "draft.brush_off_words").holds
    # "Do you do house calls?" names its topic; a reply that never says "house calls" (nor yes or no) leaves it unnamed.
    calls = _thread("Do you do house calls? And what time do you open?",
                    draft="Thanks for getting in touch, we look forward to seeing you.")
    unnamed = _signal(engine, calls, "draft.questions_left_unnamed")
    assert unnamed.value == 2 and "what time" in unnamed.evidence
    named = _thread("Do you do house calls?", draft="We do house calls within ten miles.")
    assert _signal(engine, named, "draft.questions_left_unnamed").value == 0


def test_a_problem_they_said_is_solved_and_news_that_is_someone_elses_quote_their_words(engine):
    solved = _thread("The printer on floor 2 is jammed again.", "never mind, Sam fixed it. all good now",
                     draft="Sorry you're having trouble! Have you tried turning it off and on again?")
    found = _signal(engine, solved, "them.said_solved")
    assert found.holds and "never mind, Sam fixed it" in found.evidence
    troubleshoots = _signal(engine, solved, "draft.troubleshoot_words")
    assert troubleshoots.holds and solved["draft"][slice(*troubleshoots.span)] == "Sorry you're having"
    # Only their latest message counts: asking again after "never mind" reopens it.
    assert not _signal(engine, _thread("never mind, it's back on", "Actually it's down again."), "them.said_solved").holds
    news = _thread("My little sister just got engaged!!", draft="Congratulations on your engagement! 💍")
    whose = _signal(engine, news, "them.someone_elses_news")
    assert whose.holds and "sister just got engaged" in whose.evidence and "about someone else" in whose.evidence
    assert _signal(engine, news, "draft.your_news_words").holds
    assert not _signal(engine, _thread("We got engaged last night!!"), "them.someone_elses_news").holds


def _mine_then_theirs(mine, *theirs, draft="ok", channel="dm"):
    """One message of yours, then their messages, a day apart; sent the day after the last."""
    history = [{"from": "me", "kind": "message", "text": mine, "at": "2026-04-11T10:00:00Z"}]
    history += [{"from": "them", "kind": "message", "text": text, "at": f"2026-04-{12 + i:02d}T10:00:00Z"}
                for i, text in enumerate(theirs)]
    return {"draft": draft, "channel": channel, "send_at": "2026-04-15T10:00:00Z", "history": history}


def test_a_hand_over_names_their_message_and_the_person_they_pointed_to(engine):
    moved = _thread("I've moved to the Bristol office - please contact Ana Ruiz who runs that site now.",
                    draft="Hi Rafael, following up on the scaffolding quote - any thoughts?")
    found = _signal(engine, moved, "them.handed_over")
    assert found.holds and "please contact Ana Ruiz" in found.evidence
    assert not _signal(engine, moved, "draft.names_their_contact").holds
    to_ana = {**moved, "draft": "Hi Ana, Rafael suggested I get in touch about the Kingsway site."}
    named = _signal(engine, to_ana, "draft.names_their_contact")
    assert named.holds and named.evidence == "the draft names Ana"
    # They wrote again since, asking something: the door is open again.
    asked_again = _thread("I've moved to the Bristol office - please contact Ana Ruiz.", "Actually, what did the quote cover?")
    assert not _signal(engine, asked_again, "them.handed_over").holds


def test_a_contact_preference_is_lifted_by_a_call_they_asked_for_and_not_here_names_the_channel(engine):
    no_calls = _thread("Please only email or text, I'm hard of hearing and phone calls are really difficult.",
                       draft="I'll give you a call tomorrow morning to go through it.")
    found = _signal(engine, no_calls, "them.no_calls")
    assert found.holds and "hard of hearing" in found.evidence
    call = _signal(engine, no_calls, "draft.proposes_call")
    assert call.holds and no_calls["draft"][slice(*call.span)] == "I'll give you a call"
    lifted = _thread("I prefer email usually.", "Actually can you call me this afternoon?")
    assert not _signal(engine, lifted, "them.no_calls").holds
    not_here = _thread("Could you email me rather than here? jo@example.com", draft="Sure! Details below.")
    assert _signal(engine, not_here, "them.asked_not_here").holds
    here = _signal(engine, {**not_here, "channel": "dm"}, "draft.sent_where_they_said_not")
    assert here.holds and here.evidence.endswith("; the draft still goes out as a dm")
    assert not _signal(engine, {**not_here, "channel": "email"}, "draft.sent_where_they_said_not").holds


def test_a_reply_they_sent_is_what_a_chase_ignores(engine):
    answered = _mine_then_theirs("Proposal attached for the cold room audit.",
                                 "Yes, read it. A couple of questions about the insurance clause - can we talk Friday?",
                                 draft="Just checking in on my last email - did you get a chance to look?")
    replied = _signal(engine, answered, "them.replied")
    assert replied.holds and "insurance clause" in replied.evidence and replied.evidence.endswith("after your last message")
    assert _signal(engine, answered, "them.answered").holds
    assert _signal(engine, answered, "draft.chase_words").holds
    assert not _signal(engine, answered, "draft.takes_up_their_reply").holds
    taken_up = {**answered, "draft": "Following up on your insurance question: the clause covers stock loss."}
    assert "insur" in _signal(engine, taken_up, "draft.takes_up_their_reply").evidence
    thanks = _mine_then_theirs("Proposal attached.", "Thanks, got it!")
    assert _signal(engine, thanks, "them.replied").holds and not _signal(engine, thanks, "them.answered").holds
    nudge_me = _mine_then_theirs("Proposal attached.", "Busy week. If you don't hear from me by the 10th, nudge me.")
    assert _signal(engine, nudge_me, "them.asked_to_be_chased").holds
    # Their message before any of yours is no reply.
    assert not _signal(engine, _thread("Hello, do you cater weddings?"), "them.replied").holds


def test_a_language_and_a_title_they_asked_for_quote_their_words(engine):
    french = _thread("Bonjour, pouvez-vous répondre en français s'il vous plaît ?",
                     draft="Hi, thank you for reaching out. We will send the quote for your translation this week.")
    assert _signal(engine, french, "them.asked_for_language").holds
    english = _signal(engine, french, "draft.not_in_their_language")
    assert english.holds and english.evidence.endswith("; the draft is in English, not French")
    in_french = {**french, "draft": "Bonjour, merci pour votre message. Nous pouvons traduire le document."}
    assert not _signal(engine, in_french, "draft.not_in_their_language").holds
    title = _thread("Please don't call me Mrs, it's Dr Oduya, or just Ada.", draft="Hi Mrs Oduya, your prescription is ready.")
    refused = _signal(engine, title, "them.refused_title")
    assert refused.holds and "don't call me Mrs" in refused.evidence
    used = _signal(engine, title, "draft.uses_refused_title")
    assert used.holds and title["draft"][slice(*used.span)] == "Mrs"
    # They named one title: another one is not the one they refused.
    assert not _signal(engine, {**title, "draft": "Dear Ms Oduya, your prescription is ready."}, "draft.uses_refused_title").holds


def test_a_confidence_they_asked_for_and_a_public_reply_that_repeats_it(engine):
    secret = _thread("Between us, I hit six months sober today.", draft="So proud of you!! Six months sober, legend 🙌")
    asked = _signal(engine, secret, "them.asked_private")
    assert asked.holds and "Between us" in asked.evidence
    assert not _signal(engine, secret, "draft.repeats_their_secret").holds  # a DM is not public
    public = _signal(engine, {**secret, "channel": "comment"}, "draft.repeats_their_secret")
    assert public.holds and secret["draft"][slice(*public.span)].lower() == "month"
    featured = _thread("Please keep it anonymous like last time.", draft="You'll be featured in our Donor Spotlight!")
    assert _signal(engine, featured, "draft.publicises_words").holds


def test_your_first_message_is_read_by_the_act_head_once_per_request(engine):
    """history.cold_outreach_unanswered reads your first message through the learned layer's per-request cache."""
    from tactful.context import CheckContext
    from tactful.nlp.text import analyse_many
    from tactful.request import parse_request
    from tactful.signals.learned import turn_acts
    from tactful.signals.registry import get

    # No cold-intro or sales-opener words: only the act head can tell this first message is a pitch.
    first_text = "Spring sale! 30% off every planter this weekend only. Shop now at fernandfold.example"
    request = parse_request({"draft": "Just bumping this up!", "history": [
        {"from": "me", "kind": "message", "text": first_text},
        {"from": "me", "kind": "message", "text": "Hi Dana, circling back on my note below."}]})
    ctx = CheckContext(request=request, doc=analyse_many([request.draft])[0], settings=engine.settings)
    head = engine.signal_model.head("act")
    read_texts: list[str] = []
    original = head.predict
    head.predict = lambda texts: read_texts.extend(texts) or original(texts)
    try:
        assert get(ctx, "history.cold_outreach_unanswered").holds
        first = ctx.conversation.outbound_messages[0]
        assert first.index in ctx.cache["learned"]["turn_acts"]
        assert turn_acts(ctx, first)["pitch"] >= head.thresholds["pitch"]
    finally:
        del head.predict
    assert read_texts.count(first_text) == 1


def test_bad_news_words_and_a_birthday_wish_to_the_departed(engine):
    news = _thread("We lost our dog Juniper on Sunday, the house is so quiet.", draft="Love this!! 🎉")
    found = _signal(engine, news, "them.bad_news_words")
    assert found.holds and "juniper" in found.evidence.lower()
    assert not _signal(engine, news, "them.silver_lining").holds
    later = {"draft": "Happy birthday to Walter! 🎉 Treat him to 20% off today.", "send_at": "2026-09-01T10:00:00Z",
             "history": [{"from": "them", "kind": "message", "at": "2026-03-01T10:00:00Z",
                          "text": "Sadly Walter passed away last week, so please cancel his subscription."}]}
    departed = _signal(engine, later, "draft.names_the_departed")
    assert departed.holds and later["draft"][slice(*departed.span)] == "Walter"


# ---- moments and events -----------------------------------------------------------------------------

def test_memorial_day_is_found_by_its_rule(engine):
    monday = {"draft": "ok", "send_at": "2026-05-25T12:00:00Z"}
    assert _signal(engine, monday, "moment.remembrance_day").holds
    assert "Memorial Day" in _signal(engine, monday, "moment.remembrance_day").evidence
    assert not _signal(engine, {**monday, "send_at": "2026-05-18T12:00:00Z"}, "moment.remembrance_day").holds


@pytest.mark.parametrize("rule, day, holds", [
    ("second sunday of november", "2026-11-08", True), ("second sunday of november", "2026-11-01", False),
    ("second sunday of november", "2025-11-09", True), ("last monday of may", "2026-05-25", True),
    ("last monday of may", "2026-05-18", False), ("first friday of march", "2026-03-06", True),
])
def test_moving_days_follow_their_rule(rule, day, holds):
    assert moving_day_holds(rule, date.fromisoformat(day)) is holds


def test_naming_the_day_marks_it_on_that_day_only(engine):
    post = {"draft": "3.11 flash sale! 31.1% off everything today.", "channel": "post", "send_at": "2026-03-11T09:00:00Z"}
    marked = _signal(engine, post, "draft.marks_remembrance")
    assert marked.holds and post["draft"][slice(*marked.span)] == "3.11"
    assert not _signal(engine, {**post, "send_at": "2026-03-12T09:00:00Z"}, "draft.marks_remembrance").holds
    # a term is a whole token: "13.11" and "3.115" are other numbers
    assert not _signal(engine, {**post, "draft": "13.11 and 3.115 flash sale!"}, "draft.marks_remembrance").holds


def test_a_calendar_day_with_an_unknown_rule_or_key_is_a_load_error(tmp_path):
    import shutil
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    calendar = rules / "calendar" / "moments.yml"
    text = calendar.read_text()
    calendar.write_text(text.replace('rule: "second sunday of november"', 'rule: "2nd sunday in november"'))
    with pytest.raises(RulePackError, match="unknown rule '2nd sunday in november'"):
        load_moments(str(rules))
    calendar.write_text(text.replace('terms: ["Anzac"]', 'terms: ["Anzac"], colour: red'))
    with pytest.raises(RulePackError, match="optional terms"):
        load_moments(str(rules))


def test_a_price_in_a_post_that_marks_a_death_is_a_promotion(engine):
    post = {"draft": "Rest in peace, Bobby 🕊️ Every pint of stout is £3 tonight in his honour.", "channel": "post",
            "send_at": "2026-06-02T18:00:00Z"}
    assert _signal(engine, post, "draft.price").holds
    assert "out_of_step.tragedy-newsjacking" in {w["rule"] for w in engine.check(post)["warnings"]}
    # a date in a reply is a date: the pool is "open Memorial Day to Labor Day", HOA fees $285
    reply = {**post, "channel": "email", "draft": "HOA fees are $285 a month. The pool is open Memorial Day to Labor "
             "Day.", "history": [{"from": "them", "kind": "message", "text": "What are the HOA fees?",
                                  "at": "2026-06-02T10:00:00Z"}]}
    assert "out_of_step" not in engine.check(reply)["flags"]


def test_an_event_from_the_request_is_live_only_between_its_times(engine):
    event = {"name": "Wildfire in Halden County", "terms": ["#HaldenFire"], "start": "2026-08-01T00:00:00Z",
             "end": "2026-08-10T00:00:00Z"}
    during = {"draft": "Flash sale, 30% off tonight!", "channel": "post", "send_at": "2026-08-03T12:00:00Z",
              "events": [event]}
    response = engine.check(during)
    assert "out_of_step.promotion-during-live-event" in {w["rule"] for w in response["warnings"]}
    assert any("Wildfire in Halden County" in (w["evidence"] or "") for w in response["warnings"])
    after = engine.check({**during, "send_at": "2026-08-20T12:00:00Z"})
    assert "out_of_step" not in after["flags"]
    mentions = engine.check({**during, "draft": "No #HaldenFire can stop our 30% off flash sale tonight!"})
    assert "out_of_step.promotion-mentions-live-event" in {w["rule"] for w in mentions["warnings"]}
    assert mentions["verdict"] == "block"


def test_events_in_tactful_toml(tmp_path):
    path = tmp_path / "tactful.toml"
    path.write_text('[[events]]\nname = "Storm Ciarán"\nterms = ["#StormCiaran"]\n'
                    'start = 2026-11-01T00:00:00Z\nend = 2026-11-05T00:00:00Z\n')
    config = load_config(path)
    assert config.events[0].name == "Storm Ciarán" and config.events[0].terms == ["#StormCiaran"]


@pytest.mark.parametrize("body,needle", [
    ('[[events]]\nname = "x"\ncolour = "red"\n', "events[0]: unknown key 'colour'"),
    ('[[events]]\nterms = ["a"]\n', "events[0].name"),
    ('[[events]]\nname = "x"\nstart = "soon"\n', "events[0].start"),
    ('events = "storm"\n', "events: must be an array of tables"),
])
def test_bad_events_config_is_one_clear_error(tmp_path, body, needle):
    path = tmp_path / "tactful.toml"
    path.write_text(body)
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert needle in str(caught.value)


def test_request_events_are_validated(engine):
    with pytest.raises(InputError) as caught:
        engine.check({"draft": "hi", "events": [{"terms": ["x"]}]})
    assert "events[0].name" in str(caught.value) or "events.0.name" in str(caught.value)


# ---- the learned heads ----------------------------------------------------------------------------

def test_numpy_heads_match_scikit_learn(tmp_path):
    """The runtime reproduces the trained scikit-learn model's probabilities (export is exact)."""
    sklearn = pytest.importorskip("sklearn")  # noqa: F841
    from scipy.sparse import hstack

    from tactful.model.signals_train import SignalRecipe, build_features, fit_head, Corpus
    from tactful.signals.model import SignalModel, model_text, write

    texts = [f"please stop emailing me {i}" for i in range(25)] + [f"thanks so much, loved it {i}" for i in range(25)] \
        + [f"what time do you open on day {i}?" for i in range(25)]
    labels = [{"opt_out"}] * 25 + [{"praise"}] * 25 + [{"question"}] * 25
    corpus = Corpus(texts, labels, np.arange(len(texts)))
    recipe = SignalRecipe(folds=3, neutral_negatives=0)
    arrays, spec, _ = fit_head("state", ("opt_out", "praise", "question"), corpus, recipe, progress=lambda *_: None)
    write(tmp_path, arrays, {"heads": [spec], "version": "test"})
    head = SignalModel.load(tmp_path).head("state")
    probe = ["Stop emailing me please", "loved it, thanks!", "do you open on Sunday?", "unrelated words entirely"]
    ours = head.predict(probe)
    # Refit the same features and models with scikit-learn directly and compare.
    from sklearn.linear_model import LogisticRegression

    prepared = [model_text(t) for t in texts]
    blocks = build_features(recipe)
    X = hstack([v.fit_transform(prepared) for _, v in blocks]).tocsr()
    P = hstack([v.transform([model_text(t) for t in probe]) for _, v in blocks]).tocsr()
    for k, label in enumerate(("opt_out", "praise", "question")):
        y = np.array([label in s for s in labels], dtype=int)
        model = LogisticRegression(C=recipe.C, class_weight=recipe.class_weight, solver="liblinear", max_iter=5000,
                                   random_state=0).fit(X, y)
        assert np.allclose(ours[:, k], model.predict_proba(P)[:, 1], atol=1e-9)


def test_corrupt_signal_model_fails_at_load(tmp_path):
    from tactful.errors import ModelError
    from tactful.signals.model import ARRAYS_FILE, META_FILE, SignalModel, default_dir

    source = default_dir()
    (tmp_path / ARRAYS_FILE).write_bytes((source / ARRAYS_FILE).read_bytes())
    meta = (source / META_FILE).read_text().replace('"threshold', '"thresh0ld', 1)
    (tmp_path / META_FILE).write_text(meta)
    with pytest.raises(ModelError) as caught:
        SignalModel.load(tmp_path)
    assert "corrupt or inconsistent" in str(caught.value) and str(tmp_path) in str(caught.value)


def test_missing_signal_model_names_the_command(tmp_path):
    from tactful.errors import ModelError
    from tactful.signals.model import SignalModel

    with pytest.raises(ModelError) as caught:
        SignalModel.load(tmp_path)
    assert "tactful train --signals" in str(caught.value)


# ---- the CLI ---------------------------------------------------------------------------------------

def test_tactful_signals_prints_holding_signals_with_evidence(tmp_path, capsys):
    import json

    from tactful.cli import main

    request = tmp_path / "r.json"
    request.write_text(json.dumps({"draft": "Congrats!! 🎉 Want to celebrate with 20% off our new range?",
                                   "send_at": "2026-04-15T14:00:00Z", "history": HISTORY_BAD_NEWS}))
    assert main(["signals", str(request)]) == 0
    out = capsys.readouterr().out
    assert "+ them.bad_news" in out and "passed away" in out


def test_tactful_signals_list(capsys):
    from tactful.cli import main

    assert main(["signals", "--list"]) == 0
    out = capsys.readouterr().out
    assert "them.opt_out" in out and "draft.pressure.guilt" in out and "moment.active_event" in out


def test_docs_signals_md_matches_the_registry(capsys):
    """docs/signals.md is generated from the registry; regenerate it when a signal changes."""
    from tactful.cli import main
    from pathlib import Path

    assert main(["signals", "--list", "--format", "markdown"]) == 0
    docs = Path(__file__).resolve().parents[1] / "docs" / "signals.md"
    assert docs.read_text(encoding="utf-8") == capsys.readouterr().out, \
        "docs/signals.md is stale: run `tactful signals --list --format markdown > docs/signals.md`"


def test_check_explain_lists_the_signals_behind_a_finding(tmp_path, capsys):
    import json

    from tactful.cli import main

    draft = tmp_path / "draft.txt"
    draft.write_text("Hey Marco!! Big news: our summer cohort opens Monday with 20% off. Shall I save you a seat?")
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"from": "them", "text": "Honestly it's been a brutal month. The studio didn't "
                                    "survive the rent hike and I had to hand back the keys on Friday."}]))
    assert main(["check", "--explain", "--no-model", "--history", str(history), str(draft)]) == 1
    out = capsys.readouterr().out
    assert "out_of_step.cheer-or-pitch-after-bad-news" in out
    assert "signals for" in out and "+ them.bad_news" in out and "+ draft.pitch" in out


def test_events_reach_the_http_service(engine):
    from fastapi.testclient import TestClient

    from tactful.service.app import create_app
    from tactful.service.settings import Settings

    with TestClient(create_app(Settings(no_model=True), engine=engine)) as client:
        _post_events(client)


def _post_events(client):
    body = {"draft": "Flash sale! 40% off all candles tonight only", "channel": "post", "send_at": "2026-11-02T18:00:00Z",
            "events": [{"name": "Storm Ciarán", "start": "2026-11-01T00:00:00Z", "end": "2026-11-05T00:00:00Z"}]}
    response = client.post("/v1/check", json=body)
    assert response.status_code == 200
    assert "out_of_step.promotion-during-live-event" in {w["rule"] for w in response.json()["warnings"]}
    bad = client.post("/v1/check", json={**body, "events": [{"terms": ["x"]}]})
    assert bad.status_code == 422 and "name" in bad.text


# A retailer's offer to its own subscribers: the footer (set aside from the judged text) says the reader
# subscribed; the same offer with a bulk-mail removal plea instead, and without any frame.
SUBSCRIBED_OFFER = """Subject: Garden centre news: spring bulbs are in

Dear customer,

Our spring bulbs arrived this week: tulips, alliums and the dwarf narcissi many of you asked about.
Members get 20% off bulbs until the end of March, in store and online at bloomfield.example/bulbs.

See you soon,
The Bloomfield team

------------------------------------------------------------
You are receiving this email because you signed up for the Bloomfield garden club.
This email was sent to: pat.doyle@example.com
Manage your preferences or unsubscribe: bloomfield.example/account
"""


def test_mail_the_reader_subscribed_to_says_so_in_its_footer(engine):
    found = _signal(engine, {"draft": SUBSCRIBED_OFFER, "channel": "email"}, "draft.subscribed")
    assert found.holds, found
    start, end = found.span
    # the first sign, in the footer the judged text sets aside (offsets into the draft as given)
    assert SUBSCRIBED_OFFER[start:end] == found.evidence.strip("'") == "you signed up for"
    assert start > SUBSCRIBED_OFFER.index("-----")


def test_a_removal_plea_or_no_frame_is_not_subscribed_mail(engine):
    plea = SUBSCRIBED_OFFER.replace("Manage your preferences or unsubscribe: bloomfield.example/account",
                                    "To be removed from our mailing list, reply with REMOVE in the subject.")
    assert not _signal(engine, {"draft": plea, "channel": "email"}, "draft.subscribed").holds
    bare = SUBSCRIBED_OFFER.split("-----")[0]
    assert not _signal(engine, {"draft": bare, "channel": "email"}, "draft.subscribed").holds
    # Not an email: a DM that only mentions subscribing says nothing about how it reached them.
    dm = "Hi Pat, you signed up for the garden club last spring; members get 20% off bulbs this week!"
    assert not _signal(engine, {"draft": dm, "channel": "dm"}, "draft.subscribed").holds


def test_the_readme_shows_how_to_add_a_clash_with_a_shipped_rule():
    """README's "Adding a clash" example is a shipped rule as it is (its examples a subset), so it cannot rot."""
    import re

    import yaml

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    block = re.search(r"- \*\*Adding a clash\*\*.*?```yaml\n(.*?)```", readme, re.S).group(1)
    shown = yaml.safe_load("\n".join(line[2:] for line in block.splitlines()))[0]
    shipped = {r["id"]: r for r in yaml.safe_load(
        (Path(__file__).resolve().parent.parent / "rules" / "out_of_step_clashes.yml").read_text())["rules"]}
    rule = shipped[shown["id"]]
    assert {k: v for k, v in shown.items() if k != "examples"} == {k: v for k, v in rule.items() if k != "examples"}
    for group in ("flag", "pass"):
        assert shown["examples"][group] and all(e in rule["examples"][group] for e in shown["examples"][group])

def test_a_price_put_as_a_deal_is_promotional(engine):
    for draft in ("Honour the legend with his favourite: the Calloway Stack, now 2 for $10", "Grab one for just $29.99",
                  "Every queen mattress is $911 today only"):
        assert _signal(engine, {"draft": draft, "channel": "post"}, "draft.promotional").holds, draft
    for draft in ("Your bill of $45 is due on Friday.", "The quote is $4,800 including VAT."):
        assert not _signal(engine, {"draft": draft, "channel": "email"}, "draft.promotional").holds, draft


def test_a_call_note_carries_their_stop_and_their_bad_news(engine):
    note = {"from": "me", "kind": "call", "at": "2026-02-16T10:00:00Z",
            "text": "Rosa rang to cancel her sessions; her husband died on Sunday. She asked us not to contact her."}
    request = {"draft": "Reminder: your appointment is tomorrow at 9:40.", "send_at": "2026-02-16T17:00:00Z",
               "history": [note]}
    stop = _signal(engine, request, "them.asked_to_stop")
    assert stop.holds and "asked us not to contact her" in stop.evidence
    assert _signal(engine, request, "them.bad_news_words").holds
    # a note of an ordinary call carries neither
    plain = {**request, "history": [{**note, "text": "Rosa rang to move her session to Tuesday."}]}
    assert not _signal(engine, plain, "them.asked_to_stop").holds
    assert not _signal(engine, plain, "them.bad_news_words").holds
