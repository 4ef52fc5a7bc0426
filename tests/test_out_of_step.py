"""The same draft, two histories: out_of_step must follow the conversation, not the words.

Each pair sends one draft into a history where it fits (no out_of_step flag) and
one where it is out of step (flagged, with evidence naming the history item).
"""
from __future__ import annotations

import pytest

from tactful.config import Config
from tactful.engine import Engine
from tactful.rulepack import load_packs

SEND_AT = "2026-04-15T14:00:00Z"


def _them(text: str, at: str = "2026-04-15T12:00:00Z", kind: str = "message") -> dict:
    return {"from": "them", "kind": kind, "text": text, "at": at}


def _me(text: str, at: str = "2026-04-10T09:00:00Z", kind: str = "message") -> dict:
    return {"from": "me", "kind": kind, "text": text, "at": at}


def _check(engine: Engine, draft: str, history: list, **extra) -> dict:
    return engine.check({"draft": draft, "history": history, "send_at": SEND_AT, **extra})


def _out_of_step(response: dict) -> list[dict]:
    return [w for w in response["warnings"] if w["category"] == "out_of_step"]


def assert_fits(response: dict) -> None:
    assert "out_of_step" not in response["flags"], _out_of_step(response)


def assert_out_of_step(response: dict, rule: str, evidence_mentions: str) -> None:
    assert "out_of_step" in response["flags"], response["warnings"]
    warnings = {w["rule"]: w for w in _out_of_step(response)}
    assert f"out_of_step.{rule}" in warnings, list(warnings)
    evidence = warnings[f"out_of_step.{rule}"]["evidence"] or ""
    assert evidence_mentions.lower() in evidence.lower(), evidence


def test_pitch_after_stop_request_is_out_of_step(engine):
    draft = "Hi Marcus, our spring release is live: 20% off all plans this week with code SPRING20."
    assert_fits(_check(engine, draft, [_them("Thanks! Any discounts coming up soon? We renew in May.")]))
    assert_out_of_step(_check(engine, draft, [_them("Please stop emailing me, we're not interested.")]),
                       "opt-out-ignored", "please stop emailing me")


def test_cheer_after_bad_news_is_out_of_step(engine):
    draft = "Love this!! 🎉 Keep it up!"
    assert_fits(_check(engine, draft, [_them("Just ran my first marathon! Legs are jelly.", kind="post")],
                       channel="comment"))
    assert_out_of_step(_check(engine, draft, [_them("Our dog Biscuit passed away this morning. 14 years.", kind="post")],
                              channel="comment"),
                       "bad-news-met-with-cheer", "biscuit passed away")


def test_promo_under_a_complaint_is_out_of_step(engine):
    draft = "Thanks for tagging us! Our summer sale starts Friday, see you there ☀️"
    assert_fits(_check(engine, draft, [_them("@SunStep loving my new sandals, so comfy!", kind="mention")],
                       channel="reply"))
    assert_out_of_step(_check(engine, draft, [_them("@SunStep my sandals fell apart after two days and nobody answers my emails.",
                                                    kind="mention")], channel="reply"),
                       "complaint-met-with-marketing", "fell apart")


def test_stock_reply_to_a_question_is_out_of_step(engine):
    draft = "Thanks for reaching out! Have a great day 😊"
    assert_fits(_check(engine, draft, [_them("The table arrived today and looks great, thanks for the quick delivery!")]))
    assert_out_of_step(_check(engine, draft, [_them("Does the table come with the screws, or do I need to buy them?")]),
                       "question-ignored", "screws")


def test_confirming_the_old_time_after_a_reschedule_is_out_of_step(engine):
    draft = "Great, see you Thursday at 10!"
    assert_fits(_check(engine, draft, [_them("Thursday at 10 works for me.")]))
    assert_out_of_step(_check(engine, draft, [_them("Could we do Friday at 2 instead of Thursday? Something came up.")]),
                       "changed-plan-ignored", "instead of thursday")


def test_confirming_a_cancelled_order_is_out_of_step(engine):
    draft = "All set, I've put you down for the large cake on Saturday!"
    assert_fits(_check(engine, draft, [_them("Could I order the large chocolate cake for Saturday?")]))
    assert_out_of_step(_check(engine, draft, [_them("Sorry, please cancel the cake order, the party is off.")]),
                       "changed-plan-ignored", "cancel the cake order")


def test_booking_a_demo_after_they_chose_another_vendor_is_out_of_step(engine):
    draft = "Hi Omar, shall I book your team in for a quick demo next week?"
    assert_fits(_check(engine, draft, [_them("Sounds interesting, we're reviewing scheduling tools this month.")]))
    assert_out_of_step(_check(engine, draft, [_them("We've decided to go with another provider, thanks for your time.")]),
                       "already-decided", "another provider")


def test_asking_for_an_email_they_already_gave_is_out_of_step(engine):
    draft = "Happy to send the brochure! What's the best email address for you?"
    assert_fits(_check(engine, draft, [_them("Could you send me your wedding brochure?")]))
    assert_out_of_step(_check(engine, draft, [_them("Could you send the wedding brochure to li.wei@example.com?")]),
                       "asked-for-given", "li.wei@example.com")


def test_introducing_yourself_to_a_known_client_is_out_of_step(engine):
    draft = "Hi Bettina, I don't think we've been properly introduced! I'm Hugo from Tallybook Accounting."
    assert_fits(_check(engine, draft, []))
    history = [
        _me("Bettina, your VAT return is filed. Copy attached.", "2025-10-17T10:00:00Z"),
        _them("Brilliant, thank you Hugo!", "2025-10-18T08:00:00Z"),
        _me("Annual review with Bettina at her studio", "2025-12-11T14:00:00Z", kind="meeting"),
        _them("Thanks for coming out to the studio, see you next year!", "2025-12-12T09:00:00Z"),
    ]
    assert_out_of_step(_check(engine, draft, history), "relationship-reset", "met them")


def test_template_right_after_a_call_is_out_of_step(engine):
    draft = "Dear valued customer, thank you for your interest in our services. A member of our team will be in touch."
    assert_fits(_check(engine, draft, []))
    call = _me("Call with Nia about the knee rehab programme", "2026-04-15T13:00:00Z", kind="call")
    assert_out_of_step(_check(engine, draft, [call]), "automation-after-human-moment", "call with nia")


def test_nudge_after_two_unanswered_messages_is_out_of_step(engine):
    draft = "Hi Gemma, just following up on my last note about the vendor list!"
    first = _me("Hi Gemma, I'd love to be on your vendor list. Menu attached!", "2026-04-01T09:00:00Z")
    second = _me("Hi Gemma, we've just added a late-night grazing table option.", "2026-04-08T09:00:00Z")
    assert_fits(_check(engine, draft, [first]))
    assert_out_of_step(_check(engine, draft, [first, second]), "nudge-after-unanswered", "2 of your messages")


def test_greeting_the_wrong_name_is_out_of_step(engine):
    draft = "Hi Edwin, thanks for your message! I'll send the quote for the stairwells today."
    message = "Hi, could you quote for repainting our stairwells? Thanks"
    assert_fits(_check(engine, draft, [_them(message)], recipient={"name": "Edwin Asante"}))
    signed = _them("Hi, this is Kwame from the tenants association. " + message)
    assert_out_of_step(_check(engine, draft, [signed], recipient={"name": "Kwame Mensah"}), "wrong-name", "kwame")


def test_naming_another_company_is_out_of_step(engine):
    draft = "Hi Leila, we'd be delighted to supply the team at Copperfield Bakeries with recyclable trays."
    ask = _them("We need a quote for 20,000 recyclable trays by the end of the month.")
    assert_fits(_check(engine, draft, [ask], recipient={"name": "Leila Benali", "company": "Copperfield Bakeries"}))
    assert_out_of_step(_check(engine, draft, [ask], recipient={"name": "Leila Benali", "company": "Brightmill Foods"}),
                       "wrong-company", "brightmill foods")


def test_correcting_grammar_after_thanks_is_out_of_step(engine):
    draft = "Glad to help! Small correction though: it's 'a lot', not 'alot'."
    assert_fits(_check(engine, draft, [_them("Can you check the spelling in my cover letter? I always write alot.")]))
    assert_out_of_step(_check(engine, draft, [_them("Thank you alot for your help, you're amazing!! 🙏")]),
                       "condescension", "thank you alot")


def test_form_letter_to_a_casual_message_is_out_of_step(engine):
    draft = "Dear Sir/Madam, we acknowledge receipt of your message and will respond within 10 working days."
    assert_fits(_check(engine, draft, [_them("I am writing to request a copy of my 2025 annual statement.")]))
    assert_out_of_step(_check(engine, draft, [_them("haha you guys are the best, Pepper looks like a tiny lion 🦁😂")]),
                       "tone-mismatch", "tiny lion")


def test_cheerful_promo_into_an_angry_thread_is_out_of_step(engine):
    draft = "Happy Friday! 🎉 Don't miss our weekend deals in the app!"
    assert_fits(_check(engine, draft, [_them("Love your store, see you Saturday!")]))
    angry = [_them("Your app charged me twice, you guys are useless.", "2026-04-15T11:00:00Z"),
             _them("Do you even read these??", "2026-04-15T12:00:00Z")]
    assert_out_of_step(_check(engine, draft, angry), "hostile-thread-met-with-cheer", "")


def test_asking_how_it_went_before_it_happened_is_out_of_step(engine):
    draft = "How did the interview go? Did they make you an offer?"
    assert_fits(_check(engine, draft, [_them("Big interview at Halden tomorrow at 10am! 🤞", "2026-04-12T12:00:00Z")]))
    assert_out_of_step(_check(engine, draft, [_them("Big interview at Halden tomorrow at 10am! 🤞")]),
                       "asks-how-it-went-too-early", "still ahead")


def test_resending_the_same_message_is_out_of_step(engine):
    draft = "Hi Fatima, here's our quote for the office plants: $180/month including replacements."
    assert_fits(_check(engine, draft, [_me("Hi Fatima, lovely to meet you at the expo yesterday!")]))
    assert_out_of_step(_check(engine, draft, [_me(draft)]), "repeat-of-earlier", "already sent")


def test_promotion_in_reply_to_a_disaster_post_is_out_of_step(engine):
    draft = "Stock up on generators now, free delivery all week!"
    assert_fits(_check(engine, draft, [_them("Sunny weekend at the lake, finally!", kind="post")], channel="comment"))
    assert_out_of_step(_check(engine, draft, [_them("The hurricane took our roof off last night.", kind="post")],
                              channel="comment"),
                       "tragedy-newsjacking", "hurricane")


def test_newsjacking_terms_and_dates_come_from_the_config():
    rules = load_packs()
    plain = Engine(rules, Config(model_enabled=False))
    careful = Engine(rules, Config(model_enabled=False, sensitive_terms=["blackout"], sensitive_dates=["09-11"]))
    draft = "Power's back after the blackout! Celebrate with 20% off all candles today."
    assert "out_of_step" not in plain.check({"draft": draft, "send_at": SEND_AT})["flags"]
    assert_out_of_step(careful.check({"draft": draft, "send_at": SEND_AT}), "tragedy-newsjacking", "blackout")
    remembrance = "Today we remember. Shop our autumn range, 20% off all weekend."
    assert "out_of_step" not in careful.check({"draft": remembrance, "send_at": SEND_AT})["flags"]
    assert_out_of_step(careful.check({"draft": remembrance, "send_at": "2026-09-11T09:00:00Z"}),
                       "tragedy-newsjacking", "09-11")


def test_condolences_respect_and_answers_stay_quiet(engine):
    fits = [
        ("I'm so sorry about Biscuit. Fourteen years of walks, he was lucky to have you.",
         [_them("Our dog Biscuit passed away this morning. 14 years.", kind="post")]),
        ("Understood, I won't contact you again. Sorry for the noise.", [_them("Please stop emailing me.")]),
        ("Yes, the screws are in the small bag taped under the tabletop.",
         [_them("Does the table come with the screws, or do I need to buy them?")]),
        ("Reminder, as you asked: your appointment is tomorrow at 10:30.",
         [_them("Please text me a reminder the day before my appointment.")]),
        ("Congratulations, Sofia! Hope the first week is fun.", [_them("Starting at Linde on Monday!! 🎉", kind="post")]),
        ("Here's the link you asked for: docs.example/onboarding.", [_them("Could you send me the onboarding doc link?")]),
        ("Hi Ola, one follow-up with the revised numbers: the total is now £2,300 after the discount we agreed.",
         [_me("Hi Ola, quote attached: £2,600.")]),
    ]
    for draft, history in fits:
        assert_fits(_check(engine, draft, history))


def _out_of_step_examples():
    for rule in load_packs():
        if rule.category == "out_of_step":
            for index, example in enumerate(rule.examples["flag"]):
                yield pytest.param(example, id=f"{rule.id}-{index}")


@pytest.mark.parametrize("example", list(_out_of_step_examples()))
def test_every_out_of_step_warning_has_evidence(engine, example):
    request = {"send_at": SEND_AT, **example} if isinstance(example, dict) else {"draft": example, "send_at": SEND_AT}
    warnings = _out_of_step(engine.check(request))
    assert warnings
    for warning in warnings:
        assert warning["evidence"] and warning["evidence"].strip(), warning


def _pattern_lists(value, where: str):
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _pattern_lists(inner, f"{where}.{key}")


def test_every_out_of_step_term_list_is_a_safe_regex():
    """The checks compile their params on first use; a bad or slow pattern must fail here, not at send time."""
    from tactful.nlp.lexicons import Lexicon

    for rule in load_packs():
        if rule.category == "out_of_step":
            for where, patterns in _pattern_lists(rule.params.get("params") or {}, rule.id):
                Lexicon(patterns, where)  # raises RulePackError on an unsafe or broken pattern
