"""Training data: public-set loaders, label conventions and leakage-free splits."""
from __future__ import annotations

import json

from tactful.model.data import Example, clean_html, corpus_group, load_corpus, load_sms, load_youtube, template_signature
from tactful.model.features import HAND_FEATURES, hand_features
from tactful.model.splits import is_test, split
from tactful.request import parse_request


def _youtube(tmp_path):
    folder = tmp_path / "youtube_spam"
    folder.mkdir()
    header = "COMMENT_ID,DATE,VIDEO_TITLE,CONTENT,CLASS\n"
    rows = {
        "01-9bZkp7q19f0": 'a1,2013-11-07,PSY - GANGNAM STYLE,"check out my channel &amp; subscribe\ufeff",1\n'
                          'a2,2013-11-07,PSY - GANGNAM STYLE,"I love this dance<br />so much",0\n',
        "04-CevxZvSJLk8": 'b1,2014-01-01,Katy Perry - Roar,"Roar is her best song",0\n',
        "07-KQ6zr6kCPj8": 'c1,2014-01-01,LMFAO - Party Rock Anthem,'
                          '"<a href=""http://spam.example/x"">http://spam.example/x</a> free followers",1\n',
    }
    for video, body in rows.items():
        (folder / f"{video}.csv").write_text(header + body, encoding="utf-8")
    return tmp_path


def test_youtube_spam_is_boilerplate_under_the_video_title(tmp_path):
    examples = load_youtube(_youtube(tmp_path))
    spam = examples[0]
    assert spam.request.draft == "check out my channel & subscribe"
    assert spam.labels == {"boilerplate"} and spam.allow == {"hard_sell"}
    assert spam.request.channel == "comment" and spam.group == "youtube:01-9bZkp7q19f0"
    assert spam.request.history[0].kind == "post" and spam.request.history[0].text == "PSY - GANGNAM STYLE"
    assert examples[1].is_clean and examples[1].request.draft == "I love this dance\nso much"
    assert examples[3].request.draft == "http://spam.example/x free followers"


def test_youtube_is_split_by_video(tmp_path):
    train, test = split(load_youtube(_youtube(tmp_path)), seed=0)
    assert {e.group for e in test} == {"youtube:07-KQ6zr6kCPj8"}
    assert {e.group for e in train} == {"youtube:01-9bZkp7q19f0", "youtube:04-CevxZvSJLk8"}


def test_sms_spam_is_hard_sell_and_template_copies_share_a_group(tmp_path):
    (tmp_path / "sms_spam").mkdir()
    (tmp_path / "sms_spam" / "train.tsv").write_text(
        "spam\tWIN a £500 prize! Call 09061701461 now\nspam\tWIN a £500 prize! Call 09061701999 now\n"
        "ham\tOn my way, see you in 5\n", encoding="utf-8")
    spam_a, spam_b, ham = load_sms(tmp_path)
    assert spam_a.labels == {"hard_sell"} and spam_a.request.channel == "sms"
    assert spam_a.group == spam_b.group != ham.group
    assert ham.is_clean


def test_minimal_pairs_stay_in_one_split(tmp_path):
    lines = []
    for n in range(60):
        for side, labels in (("a", []), ("b", ["out_of_step"])):
            lines.append({"id": f"p{n:03d}{side}", "draft": "Congrats!", "labels": labels})
    (tmp_path / "pairs.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    examples = load_corpus(tmp_path)
    assert corpus_group("p007a", "") == corpus_group("p007b", "") == "corpus:p007"
    by_pair: dict[str, set[bool]] = {}
    for example in examples:
        by_pair.setdefault(example.group, set()).add(is_test(example, seed=3))
    assert all(len(sides) == 1 for sides in by_pair.values())
    assert 0 < sum(is_test(e, 3) for e in examples) < len(examples)


def test_split_depends_on_the_seed_only_through_groups():
    request = parse_request({"draft": "hi"})
    examples = [Example(request, frozenset(), frozenset(), "casino", f"casino:{n}", "x") for n in range(400)]
    first, second = split(examples, 1), split(examples, 1)
    assert [e.group for e in first[1]] == [e.group for e in second[1]]
    assert 40 < len(first[1]) < 120  # about a fifth
    assert [e.group for e in split(examples, 2)[1]] != [e.group for e in first[1]]


def test_template_signature_ignores_digits_and_spacing():
    assert template_signature("Call 0906 now") == template_signature("call  0812 NOW")
    assert template_signature("Call now") != template_signature("Call 0906 now")


def test_html_is_turned_back_into_text():
    assert clean_html('see <a href="http://x.example">here</a> &amp; more<br>ok\ufeff') == \
        "see here http://x.example & more\nok"


def test_hand_features_see_links_calls_to_action_and_the_conversation():
    promo = parse_request({"draft": "Subscribe to my channel! Check out www.mybeats.example NOW"})
    reply = parse_request({"draft": "The blue one sounds right for the kitchen",
                           "history": [{"from": "them", "text": "Should we paint the kitchen blue or green?"}]})
    values = dict(zip(HAND_FEATURES, hand_features([promo])[0]))
    assert values["links"] > 0 and values["calls_to_action"] == 1.0 and values["off_topic"] == 0.0
    values = dict(zip(HAND_FEATURES, hand_features([reply])[0]))
    assert values["links"] == 0 and values["on_topic"] > 0.3 and values["calls_to_action"] == 0.0
