"""Reading an email as an email: the author's own text, and what is set aside (tactful.nlp.mail)."""
from __future__ import annotations

from tactful.nlp.mail import read_email, reading_for
from steps import assert_linear

REPLY = """Subject: Re: [ILUG] Kernel build fails on the new box

On Tue, Aug 20, 2002 at 10:12:01AM +0100, Padraig Brady wrote:
> Did you run make oldconfig first? Buy now, limited offer, click here!
> It usually asks about the new options.

Yes, I ran make oldconfig and then make dep. The build stops in the
sound drivers with an undefined symbol, so I've turned sound off for now
and it gets through. I'll send the full log tonight if anyone wants it.

Thanks,
Niall

--
Niall Kelly  |  http://www.example.ie/~niall  |  call me on 086 555 1234
_______________________________________________
Irish Linux Users' Group: ilug@linux.ie
http://www.linux.ie/mailman/listinfo/ilug for (un)subscription information.
List maintainer: listmaster@linux.ie
"""


def _kinds(text: str) -> list[tuple[str, str]]:
    reading = read_email(text)
    return [(part.kind, text[part.start:part.end]) for part in reading.parts]


def test_quote_attribution_signature_and_list_footer_are_set_aside():
    kinds = dict(_kinds(REPLY))
    assert kinds["attribution"].endswith("Padraig Brady wrote:")
    assert kinds["quote"].startswith("> Did you run") and kinds["quote"].endswith("new options.")
    assert "086 555 1234" in kinds["signature"]
    assert kinds["list_footer"].startswith("_____") and "listinfo/ilug" in kinds["list_footer"]


def test_own_text_keeps_offsets_and_only_the_authors_words():
    reading = read_email(REPLY)
    own = reading.own_text
    assert len(own) == len(REPLY) and own.count("\n") == REPLY.count("\n")
    assert "undefined symbol" in own and own.index("undefined symbol") == REPLY.index("undefined symbol")
    for gone in ("Buy now", "listinfo", "086 555", "Padraig"):
        assert gone not in own


def test_outlook_original_message_and_forwarded_block_are_set_aside():
    text = ("Sounds good, I'll bring the projector and the spare cables.\nSee you at nine.\n\n"
            "-----Original Message-----\nFrom: Ann Lee\nSent: Monday\nSubject: offsite\n\nCan you bring the projector?")
    kinds = dict(_kinds(text))
    assert kinds["forwarded"].startswith("-----Original Message-----") and "Can you bring" in kinds["forwarded"]
    forwarded = "FYI below.\nWorth a read.\n\n---------- Forwarded message ---------\nFrom: News\n\nBomb threat closes station."
    assert dict(_kinds(forwarded))["forwarded"].endswith("closes station.")


def test_unsubscribe_block_is_marked_but_never_the_whole_message():
    text = ("Subject: Spring menu\n\nOur spring menu starts Monday.\nBook a table at bistro.example.\n\n"
            "You are receiving this because you signed up at the bar.\nTo unsubscribe reply STOP.")
    assert [kind for kind, _ in _kinds(text)] == ["unsubscribe"]
    short = "Subject: Hi\n\nTo unsubscribe from our offers, reply with REMOVE."
    assert _kinds(short) == []


def test_a_bulleted_list_at_the_end_is_not_a_sign_off():
    text = "Agenda for Monday:\nWe need decisions on three things.\n- Budget\n- Hiring plan\n- Office move"
    assert _kinds(text) == []


def test_a_signature_with_template_slots_is_left_to_the_merge_field_check():
    text = "Thanks for your time today.\nI will send the deck tomorrow.\n\nBest wishes,\n[Your Name]\n[Phone Number]"
    assert _kinds(text) == []


def test_other_channels_read_as_email_only_with_clear_email_parts():
    assert reading_for("Great, thanks!\nSee you Friday.\n\nCheers,\nSam", "dm").parts == ()
    assert reading_for("Great, thanks!\nSee you Friday.\n\nCheers,\nSam", "email").parts != ()
    assert reading_for(REPLY, "dm").parts != ()
    # A "Subject:" first line makes it an email on any channel: the sign-off is set aside too.
    assert reading_for("Subject: Friday\n\nGreat, thanks!\nSee you Friday.\n\nCheers,\nSam", "dm").parts != ()


def test_long_lines_and_many_quote_markers_are_read_with_linear_work():
    """Work counted, not timed (tests/steps.py): doubling the lines doubles the extra steps, and long lines
    cost no Python steps per character at all (one regex search a line; tests/test_regex_safety.py bounds
    what each of this module's regexes does on a long run). The speed is bench/run.py's "hostile input"."""
    def by_lines(n: int) -> None:
        reading = read_email("Subject: x\n\n" + ("> " * 20 + "a\n") * n + ("word " * 40 + "\n") * 3)
        assert reading.kinds() == {"quote"}

    def by_length(n: int) -> None:
        reading = read_email("Subject: x\n\n" + ("> " * n + "a\n") * 50 + ("word " * (2 * n) + "\n") * 3)
        assert reading.kinds() == {"quote"}

    assert_linear(by_lines, 500, what="quoted lines")
    assert_linear(by_length, 500, what="quote markers and words a line")


def test_a_long_genuine_reply_passes_and_says_what_was_set_aside():
    from tactful.engine import Engine

    for engine in (Engine.load(use_model=False), Engine.load()):
        response = engine.check({"draft": REPLY, "channel": "email"})
        assert response["flags"] == [], response["warnings"]
        kinds = [part["kind"] for part in response["set_aside"]]
        assert {"quote", "signature", "list_footer"} <= set(kinds)
        quote = next(p for p in response["set_aside"] if p["kind"] == "quote")
        assert REPLY[quote["start"]:quote["end"]].startswith("> Did you run") and quote["lines"] == [4, 5]


def test_spans_of_a_judged_email_index_into_the_original_draft():
    from tactful.engine import Engine

    draft = ("Subject: Quick one\n\n> you asked about the hotel\n\nHi {{first_name}}, the rooms are booked.\n"
             "Let me know if the dates change.\n\n-- \nSam")
    response = Engine.load(use_model=False).check({"draft": draft, "channel": "email"})
    spans = [w["span"] for w in response["warnings"] if w["rule"] == "boilerplate.unfilled-merge-field"]
    assert spans and draft[spans[0]["start"]:spans[0]["end"]] == "{{first_name}}" == spans[0]["text"]


def test_text_output_lists_the_parts_set_aside(tmp_path):
    from tactful.cli import main

    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", str(path), "--channel", "email", "--no-model", "--color", "never"])
    assert "set aside, not judged: quote attribution (line 3), quoted reply (lines 4-5)" in out.getvalue()


def test_check_explain_on_a_long_genuine_email_passes_and_shows_the_quote_and_signature_set_aside(capsys):
    """examples/long-reply.txt: a long reply of the author's own, a signature, and a quoted message that
    carries "act now" and "click here". It passes, with the model and without, and `--explain` names
    what was not judged."""
    from pathlib import Path

    from conftest import run_cli

    example = Path(__file__).resolve().parents[1] / "examples" / "long-reply.txt"
    for model in ([], ["--no-model"]):
        code, out, _ = run_cli(capsys, "check", str(example), "--channel", "email", "--explain",
                               "--color", "never", *model)
        assert code == 0 and "PASS" in out and "flags: none" in out, out
        set_aside = next(line for line in out.splitlines() if "set aside, not judged:" in line)
        assert "signature (lines 34-37)" in set_aside and "quoted reply (lines 40-48)" in set_aside, set_aside
        assert "signals for" in out  # the --explain section


GARDEN_NEWSLETTER = """Subject: Northfield Gardeners' News - May

Hello everyone, and welcome to the May newsletter.

The weather has finally turned and the plots are busy again. Thank you to the
twelve people who came to the spring work day: the compost bays are rebuilt,
the path by the gate is gravelled, and the hedge along the railway fence has
been cut back for the first time in three years. Special thanks to Devika and
her two boys, who barrowed most of the gravel.

Watering rota. The rota for May and June is on the noticeboard in the shed.
If you cannot make your Saturday, please swap with someone and write the
change on the sheet, so that whoever is locking up knows who to expect.

The trough. The committee agreed to replace the cracked trough by the gate
with a galvanised one from the society fund. It should arrive in the second
week of the month; until then please use the standpipe by plot 9.

Seed swap. Our seed swap is on the last Sunday of the month, from ten until
noon, in the community hall. Bring anything you have too much of, labelled
if you can. Last year we ended with more tomato varieties than anyone could
count and nowhere near enough beans, so bean savers are especially welcome.

From the plots. Aileen reports her first asparagus; Tom's broad beans have
blackfly again and he would like to hear what has worked for others. Ray has
spare rhubarb crowns for anyone who wants one, free to a good home.

Talks. The county beekeepers will talk about swarms and what to do if one
lands on your plot, on the evening of the 21st. The seed company that supplies
our order has a spring offer on its catalogue (act now, they say, though we
have never known them to run out); order forms are in the shed if you want to
add to the society's order, which goes in at the end of the month.

Plot inspections will be in June. Nobody loses a plot over a few weeds; the
committee only wants to see that each plot is being worked.

Happy growing,
The committee
"""


def test_phrase_rules_weigh_less_in_a_long_email_of_the_authors_own():
    """One "act now" among 400 words of a newsletter is not what one "act now" in a short email is: in a
    long email, the points of phrase rules are scaled down (`mail.phrase_weight`)."""
    from tactful.engine import Engine
    from tactful.nlp.mail import DENSE_WORDS, phrase_weight

    engine = Engine.load(use_model=False)
    long_reading = reading_for(GARDEN_NEWSLETTER, "email")
    assert len(long_reading.own_text.split()) > DENSE_WORDS
    assert phrase_weight(long_reading, "email") < 1.0
    body = GARDEN_NEWSLETTER.split("\n\n", 1)[1]  # without its Subject: line, on another channel: not an email
    assert phrase_weight(reading_for(body, "post"), "post") == 1.0
    assert engine.check({"draft": GARDEN_NEWSLETTER, "channel": "email"})["flags"] == []

    short = ("Subject: Seed catalogue\n\nOur spring catalogue is out: act now, 40% off every packet "
             "this weekend only. Order here: seeds.example/spring")
    assert phrase_weight(reading_for(short, "email"), "email") == 1.0
    assert "hard_sell" in engine.check({"draft": short, "channel": "email"})["flags"]


def test_words_of_an_unspaced_script_are_counted():
    from tactful.nlp.mail import word_count

    assert word_count("Thanks, see you on Saturday") == 5
    # 38 Japanese characters, no spaces: about 19 words, not one
    assert word_count("三菱化学エンジニアリング様のログからは現在、原因が特定できないため情報を整理し、環境面を含め") >= 15


def test_a_long_email_says_which_phrase_rules_weighed_less_and_why(capsys):
    """The response names the phrase rules whose points were scaled down in a long email, by how much
    and why (`phrase_weight`), and the text output says so; a short email carries no such field."""
    from conftest import run_cli
    from tactful.engine import Engine
    from tactful.nlp.mail import DENSE_WORDS, word_count

    engine = Engine.load(use_model=False)
    response = engine.check({"draft": GARDEN_NEWSLETTER, "channel": "email"})
    words = word_count(reading_for(GARDEN_NEWSLETTER, "email").own_text)
    weight = response["phrase_weight"]
    assert weight["rules"] == ["hard_sell.countdown-pressure"]  # "act now, they say", one line among many
    assert weight["own_words"] == words and weight["full_weight_words"] == DENSE_WORDS
    assert weight["factor"] == round(DENSE_WORDS / words, 4) < 1.0
    points = engine.rule("hard_sell.countdown-pressure").score
    assert abs(response["score"] - points * DENSE_WORDS / words) < 0.01

    short = "Subject: Seed catalogue\n\nOur spring catalogue is out: act now, 40% off every packet this weekend."
    assert "phrase_weight" not in engine.check({"draft": short, "channel": "email"})

    import pathlib
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "newsletter.txt"
        path.write_text(GARDEN_NEWSLETTER, encoding="utf-8")
        _, out, _ = run_cli(capsys, "check", str(path), "--channel", "email", "--no-model", "--color", "never",
                            "--explain")
    line = next(line for line in out.splitlines() if "weighed less in a long email:" in line)
    assert "hard_sell.countdown-pressure" in line and f"{words} words of the author's own" in line, line


def test_rescoring_a_long_email_counts_phrase_rules_at_their_weight():
    """Suppressing one rule, or adding the mass-blast warning, re-scores the response: the phrase rules
    left keep the weight the engine gave them (counted at full points they flagged what had passed)."""
    from tactful.api import Checker

    checker = Checker(model=False)
    draft = GARDEN_NEWSLETTER.replace("Happy growing,", "Don't miss out, click here to order before the "
                                                        "end of the month.\n\nHappy growing,")
    request = {"draft": draft, "channel": "email"}
    full = checker.check(request)
    weight = full["phrase_weight"]
    assert len(weight["rules"]) >= 2, full["warnings"]
    dropped, kept = weight["rules"][0], weight["rules"][1:]
    after = checker.check({**request, "ignore": [dropped]})
    expected = sum(checker.engine.rule(rule_id).score for rule_id in kept) * weight["factor"]
    assert abs(after["score"] - expected) < 0.01 and after["phrase_weight"]["rules"] == kept
    assert "phrase_weight" not in checker.check({**request, "ignore": weight["rules"]})

    blast = checker.check_many([{**request, "recipient": {"name": name}} for name in ("Ann", "Bo", "Cy")])
    rule_ids = [w["rule"] for w in blast[0]["warnings"]]
    assert "boilerplate.mass-blast" in rule_ids and blast[0]["categories"]["hard_sell"] == full["categories"]["hard_sell"]


META_PACK = """category: hard_sell
rules:
  - id: hard_sell.test-link-or-asked
    category: hard_sell
    kind: meta
    severity: warning
    score: 5
    message: m
    why: w
    suggestion: s
    when:
      any: [draft.link, {all: [draft.offer, them.asks]}]
    examples: {flag: ["see bloomfield.example/bulbs"], pass: ["thanks"]}
"""


def test_a_meta_rule_weighs_as_a_phrase_rule_in_a_long_email_sent_cold(tmp_path):
    """A meta rule that may read the conversation (them.asks) fires on the draft's words alone when the
    email is sent without history: in a long email it weighs less, as phrase rules do; in a reply it keeps
    its points (what they said is part of its evidence)."""
    from tactful.config import load_config
    from tactful.engine import Engine
    from tactful.rulepack import load_packs

    (tmp_path / "hard_sell.yml").write_text(META_PACK, encoding="utf-8")
    engine = Engine(load_packs(tmp_path), load_config(), None)
    draft = GARDEN_NEWSLETTER.replace("Happy growing,", "Photos of the work day: northfield.example/photos\n\n"
                                                        "Happy growing,")
    cold = engine.check({"draft": draft, "channel": "email"})
    assert cold["phrase_weight"]["rules"] == ["hard_sell.test-link-or-asked"] and cold["score"] < 5
    reply = engine.check({"draft": draft, "channel": "email", "history": [
        {"from": "them", "kind": "message", "text": "Is the newsletter out yet? Any photos of the work day?"}]})
    assert "phrase_weight" not in reply and reply["score"] == 5


def test_build_output_shell_lines_and_macro_paths_in_a_list_post_are_not_merge_fields():
    """A list post pastes build output and commands: a make target named 'custom-...', a field glued to a
    path or an RPM macro, and options on a command line are syntax. A greeting's slot still is a field."""
    from tactful.nlp.placeholders import PLACEHOLDER_SYNTAXES, compile_syntaxes, find_placeholders

    syntaxes = compile_syntaxes(PLACEHOLDER_SYNTAXES)
    for line in ("make[1]: *** [custom-load.el] Error 255",
                 "cp -a %{_sysconfdir}/makedev.d/00macros /{buildroot}%{_sysconfdir}/makedev.d/",
                 "tar -C {source.dir} cf - | tar xf -",
                 "*sequence_cur: -background {PaleGoldenrod} -relief sunken -borderwidth 2"):
        draft = f"Subject: Re: build fails\n\nIt stops here:\n\n{line}\n\nAny ideas?"
        assert find_placeholders(draft, syntaxes) == [], line
    for draft, field in (("Hi {first_name}, the kit is ready.", "{first_name}"),
                         ("Hi Dana, [insert compliment about their launch]. Free for a call?",
                          "[insert compliment about their launch]"),
                         ("Hi Dana, [Add: one line on their podcast]", "[Add: one line on their podcast]")):
        assert [draft[s:e] for s, e in find_placeholders(draft, syntaxes)] == [field], draft


def test_a_list_hosts_sponsor_block_is_part_of_its_footer():
    # The ad a list host inserts above its footer is not the author's text: its "Join Now" and "$8.95 per
    # month" were read as the author's pitch, and beside a news story as selling on a tragedy.
    post = ("Subject: [fortean] Scissors for clinics\n\nMost are thrown away after being seized at airports.\n"
            "A chaplain now ships them to clinics abroad.\n\n"
            "------------------------ Yahoo! Groups Sponsor ---------------------~-->\n"
            "4 DVDs Free +s&p Join Now\nhttp://us.click.yahoo.com/pt6YBB/NXiEAA/MVfIAA/7gSolB/TM\n"
            "---------------------------------------------------------------------~->\n\n"
            "To unsubscribe from this group, send an email to:\nfortean-unsubscribe@egroups.com\n")
    kinds = dict(_kinds(post))
    assert kinds["list_footer"].startswith("------------------------ Yahoo! Groups Sponsor")
    assert "Join Now" not in read_email(post).own_text and "chaplain" in read_email(post).own_text
    # A titled rule that is no sponsor, with no list machinery under it, stays the author's.
    own = "Subject: Notes\n\nFirst point.\nSecond point.\n\n----- Sponsor us at the fair -----\nWe need ten volunteers.\n"
    assert _kinds(own) == []
