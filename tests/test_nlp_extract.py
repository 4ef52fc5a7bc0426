"""tactful.nlp.extract: names, companies, contact details, money and plan values, as tables."""
from __future__ import annotations

import pytest

from tactful.nlp.extract import (
    ADDRESS_RE, CORRECTED_NAME_RE, EMAIL_RE, MONEY_RE, ORDER_NO_RE, PRICE_RE, THEIR_COMPANY_RE, amount, departed_names,
    greeted_name, kind_of, name_parts, names_in_message, phones, plain, plan_values, same_company, same_name,
)

# ---- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize("draft, expected", [
    ("Hi Edwin, quick one about Friday", "Edwin"),
    ("  Dear Dr. Okafor,\nThank you for the referral", "Okafor"),
    ("Thanks so much Priya! The samples arrived", "Priya"),
    ("Hello O'Brien, your order shipped", "O'Brien"),
    ("Bonjour Zoé, merci", "Zoé"),
    ("Hi there, quick question", None),          # not a name
    ("hi team, quick update", None),
    ("Your order shipped today", None),
])
def test_greeted_name(draft, expected):
    found = greeted_name(draft)
    assert (found[0] if found else None) == expected
    if found:
        assert draft[found[1]:found[2]] == expected  # the span is the name in the draft


@pytest.mark.parametrize("message, expected", [
    ("Hi, this is Kwame from the bakery. Do you deliver?", ["Kwame"]),
    ("Leila here - is the studio free on Saturday?", ["Leila"]),
    ("Booked a table for tonight, under Moreno", ["Moreno"]),
    ("Can you resend the invoice?\nThanks,\nGrace", ["Grace"]),
    ("Can you resend the invoice? Thanks", []),
])
def test_names_in_message(message, expected):
    assert names_in_message(message) == expected


@pytest.mark.parametrize("message, right, wrong", [
    ("It's Aoife, not Eva!", "Aoife", "Eva"),
    ("my name is Siobhan - not Siobhain", "Siobhan", "Siobhain"),
])
def test_corrected_name(message, right, wrong):
    match = CORRECTED_NAME_RE.search(message)
    assert match and match.groups() == (right, wrong)


@pytest.mark.parametrize("message, expected", [
    ("Rocco passed away on Tuesday, he was 14", ["Rocco"]),
    ("We lost our Juniper last night", ["Juniper"]),
    ("In loving memory of Tadhg", ["Tadhg"]),
    ("We lost the match on Sunday", []),
    ("Euthanasia appointment for Pepper, 14-year-old lab", ["Pepper"]),
    ("The funeral of Rose is on Friday at St Peter's", ["Rose"]),
    ("Max was put to sleep this morning", ["Max"]),
    ("Funeral for the project was held when the budget went", []),
])
def test_departed_names(message, expected):
    assert departed_names(message) == expected


@pytest.mark.parametrize("a, b, same", [
    ("Michael", "Mike", True),
    ("Jennifer", "Jen", True),
    ("José", "jose", True),
    ("Robert", "Bob", True),      # from the nickname table
    ("Anna", "Hannah", False),
    ("Edwin", "Edward", False),
])
def test_same_name(a, b, same):
    assert same_name(a, b, {"robert": ["bob", "rob"]}) is same


def test_name_parts_and_plain():
    assert name_parts("María-José O'Neill") == ["María-José"]
    assert name_parts("dana.k_2019@example.com") == ["dana", "example", "com"]
    assert plain("Zoë") == "zoe"


# ---- companies ------------------------------------------------------------------------------


@pytest.mark.parametrize("message, expected", [
    ("I'm the procurement manager at Brightmill Foods.", "Brightmill Foods"),
    ("This is Dana from Helix Biotech, following up", "Helix Biotech"),
    ("we run Little Fern Nursery in Leeds", "Little Fern Nursery"),
])
def test_their_company(message, expected):
    match = THEIR_COMPANY_RE.search(message)
    assert match and next(g for g in match.groups() if g).rstrip(".") == expected


@pytest.mark.parametrize("a, b, same", [
    ("Brightmill", "Brightmill Foods Ltd", True),
    ("Helios Biotech", "Helix Biotech", False),
    ("International Business Machines", "IBM", True),
    ("The Copper Kettle", "Copper Kettle Cafe", True),
])
def test_same_company(a, b, same):
    assert same_company(a, b) is same


# ---- contact details and money --------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("It's £900 a month, or $1,200.50 one-off", ["£900", "$1,200.50"]),
    ("budget is €15k tops", ["€15k"]),
    ("we can do 180 dollars", ["180 dollars"]),
    ("about 40 EUR each", ["40 EUR"]),
    ("room for 25 people at 7", []),
    ("50% off everything", []),
])
def test_money(text, expected):
    assert [m.group() for m in MONEY_RE.finditer(text)] == expected


@pytest.mark.parametrize("money, value", [
    ("$1,200.50", 1200.5),
    ("£15k", 15000.0),
    ("€ 40", 40.0),
    ("180 dollars", 180.0),
])
def test_amount(money, value):
    assert MONEY_RE.fullmatch(money) and amount(money) == value


@pytest.mark.parametrize("text, named", [
    ("it's 15€ a head", True),
    ("about ¥2000 each", True),
    ("20 quid for the lot", True),
    ("£45, delivered", True),
    ("room for 25 people", False),
    ("the price is on the site", False),     # a word about price is for the checks, not a price
])
def test_price_named(text, named):
    assert bool(PRICE_RE.search(text.lower())) is named


@pytest.mark.parametrize("text, expected", [
    ("call me on 07700 900123 after six", ["07700 900123"]),
    ("+1 (415) 555-0134 is the office", ["+1 (415) 555-0134"]),
    ("order 12345 ships Tuesday", []),       # too few digits for a phone
    ("version 1.2.3.4", []),
])
def test_phones(text, expected):
    assert phones(text) == expected


@pytest.mark.parametrize("pattern, text, expected", [
    (EMAIL_RE, "send it to ana.ruiz+quotes@studio-ruiz.co.uk please", "ana.ruiz+quotes@studio-ruiz.co.uk"),
    (EMAIL_RE, "we're @studio on every platform", None),
    (ADDRESS_RE, "deliver to 14 Elm Grove by noon", "14 Elm Grove"),
    (ADDRESS_RE, "we have 3 kids", None),
    (ORDER_NO_RE, "My order number is #A-48213", "order number is #A-48213"),
    (ORDER_NO_RE, "the order was great", None),
])
def test_contact_patterns(pattern, text, expected):
    match = pattern.search(text)
    assert (match.group() if match else None) == expected


# ---- plan values ----------------------------------------------------------------------------


def test_plan_values_tokens_in_order():
    text = "Thursday at 10am in the library, 12 chairs"
    tokens = plan_values(text)
    assert [t for t, _, _ in tokens] == ["day:thursday", "clock:10:00", "w:library", "num:12", "w:chair"]
    assert [text[s:e] for _, s, e in tokens] == ["Thursday", "10am", "library", "12", "chairs"]
    assert {kind_of(t) for t, _, _ in tokens} == {"day", "clock", "w", "num"}


def test_plan_values_leave_out_filler():
    assert [t for t, _, _ in plan_values("library on June 3rd", frozenset({"library"}))] == ["date:06-03"]
