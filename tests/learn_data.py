"""Small synthetic stand-ins for the public data sets and the corpus, in their real file formats, so that
`tactful learn` runs end to end in seconds. Spam and genuine messages use different words on purpose: the
tests are about the guards and the versioning, not about how well the model learns."""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

VIDEOS = ("01-9bZkp7q19f0", "04-CevxZvSJLk8", "07-KQ6zr6kCPj8")
SPAM_OPENERS = ["Check out my channel", "Subscribe to my page", "Visit my site", "Free followers at",
                "Click here for free gift cards", "Make money fast at"]
SPAM_TAILS = ["subscribe and share", "follow back", "check it out", "like my video", "sub for sub"]
SELL_TAILS = ["WIN now", "100% free", "limited offer", "best deal", "act today"]
HARD_SELL = ["URGENT! You have won a prize", "Claim your cash reward now", "FREE entry to win a holiday",
             "Your mobile has been selected for a bonus", "Call now to claim 2000 pounds"]
GENUINE_WORDS = ["this song", "the chorus", "my sister", "that summer", "the drummer", "our road trip",
                 "the video", "her voice", "the bridge", "my dad"]
GENUINE_VERBS = ["reminds me of", "always makes me think of", "takes me back to", "sounds like",
                 "is better than"]
CHAT = ["Are you around later for dinner?", "I left the keys with Sam", "Running ten minutes late, sorry",
        "Did you see the match last night?", "Thanks for picking up the kids", "Can you send me the recipe?",
        "We need more water for the hike", "I would like the firewood if that is fine", "How was the dentist?"]


def genuine(rng: random.Random) -> str:
    return f"{rng.choice(GENUINE_WORDS).capitalize()} {rng.choice(GENUINE_VERBS)} {rng.choice(GENUINE_WORDS)}."


def boilerplate(rng: random.Random, n: int) -> str:
    return f"{rng.choice(SPAM_OPENERS)} http://promo{n % 7}.example/{n} {rng.choice(SPAM_TAILS)}!"


def hard_sell(rng: random.Random, n: int) -> str:
    return f"{rng.choice(HARD_SELL)}! Text WIN to 8{n:04d} {rng.choice(SELL_TAILS)}"


def write_public_data(root: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    (root / "youtube_spam").mkdir(parents=True)
    count = 0
    for video in VIDEOS:
        with open(root / "youtube_spam" / f"{video}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, ["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS", "VIDEO_TITLE"])
            writer.writeheader()
            for i in range(70):
                count += 1
                spam = i % 2 == 0
                writer.writerow({"COMMENT_ID": f"c{count}", "AUTHOR": "a", "DATE": "", "VIDEO_TITLE": f"Song {video}",
                                 "CONTENT": boilerplate(rng, count) if spam else genuine(rng), "CLASS": int(spam)})
    (root / "sms_spam").mkdir()
    lines = [("spam", hard_sell(rng, i)) if i % 3 == 0 else ("ham", rng.choice(CHAT)) for i in range(240)]
    (root / "sms_spam" / "train.tsv").write_text("".join(f"{label}\t{text}\n" for label, text in lines))
    (root / "casino").mkdir()
    for name, first in (("casino_train.json", 0), ("casino_valid.json", 20)):
        dialogues = [{"dialogue_id": first + d, "chat_logs": [
            {"id": f"mturk_agent_{t % 2 + 1}", "text": rng.choice(CHAT)} for t in range(6)]} for d in range(20)]
        (root / "casino" / name).write_text(json.dumps(dialogues))
    (root / "persuasion_for_good").mkdir()
    with open(root / "persuasion_for_good" / "full_dialog.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["Unit", "Turn", "B4", "B2"])
        writer.writeheader()
        for d in range(20):
            for t in range(6):
                writer.writerow({"Unit": rng.choice(CHAT), "Turn": t // 2, "B4": t % 2, "B2": f"dlg{d}"})
    (root / "politeness").mkdir()
    for name in ("wikipedia.annotated.csv", "stack-exchange.annotated.csv"):
        with open(root / "politeness" / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, ["Id", "Request"])
            writer.writeheader()
            for i in range(60):
                writer.writerow({"Id": f"{name[:4]}{i}", "Request": f"Could you look at {rng.choice(GENUINE_WORDS)} "
                                                                    f"when you have a moment?"})
    (root / "spamassassin").mkdir()
    folders = ("easy_ham", "easy_ham_2", "hard_ham")
    rows = []
    for i in range(90):
        if i % 3 == 0:
            rows.append({"id": f"spam/{i:05d}", "folder": "spam", "label": "spam", "subject": "Act now",
                         "text": f"{hard_sell(rng, i)}\n\nTo be removed reply REMOVE."})
        else:
            folder = folders[i % 3]
            rows.append({"id": f"{folder}/{i:05d}", "folder": folder, "label": "ham", "subject": f"Re: [list] item {i}",
                         "text": f"On Mon, Ann wrote:\n> {rng.choice(CHAT)}\n\n{genuine(rng)}\n{rng.choice(CHAT)}\n\n-- \nAnn"})
    (root / "spamassassin" / "messages.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    return root


def write_corpus(root: Path, seed: int = 2) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True)
    rows = []
    for i in range(40):
        rows.append({"id": f"b{i}", "draft": boilerplate(rng, 500 + i), "labels": ["boilerplate"]})
        rows.append({"id": f"h{i}", "draft": hard_sell(rng, 600 + i), "labels": ["hard_sell"]})
        rows.append({"id": f"g{i}", "draft": genuine(rng), "labels": []})
    (root / "synthetic.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    return root
