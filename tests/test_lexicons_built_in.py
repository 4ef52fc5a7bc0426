"""The built-in lexicons (tactful/nlp/lexicons.py) compile on first use, not at import: every one must be safe
and compile here, so a bad pattern fails the suite, never a draft at send time."""
import pytest

from tactful.errors import RulePackError
from tactful.nlp import lexicons


def _built_in() -> list[lexicons.Lexicon]:
    return [value for value in vars(lexicons).values() if isinstance(value, lexicons.Lexicon)]


def test_there_are_built_in_lexicons():
    assert len(_built_in()) >= 40


@pytest.mark.parametrize("lexicon", _built_in(), ids=lambda lexicon: lexicon.name)
def test_every_built_in_lexicon_is_safe_and_compiles(lexicon):
    assert lexicon.compile() is not None  # RulePackError on an unsafe pattern, re.error on a broken one


def test_a_built_in_unsafe_pattern_fails_on_first_use_and_a_params_one_at_once(monkeypatch):
    monkeypatch.setattr(lexicons, "_COMPILE_ON_FIRST_USE", True)
    deferred = lexicons.Lexicon([r"\b(a+)+\b"], "deferred")  # nested repetition: catastrophic backtracking
    with pytest.raises(RulePackError, match="deferred"):
        deferred.search("aaaa")
    monkeypatch.setattr(lexicons, "_COMPILE_ON_FIRST_USE", False)
    with pytest.raises(RulePackError, match="params"):
        lexicons.lexicon([r"\b(a+)+\b"], "params")


def test_a_lexicon_compiles_once():
    lexicon = lexicons.Lexicon([r"\bhello\b"], "once")
    assert lexicon.compile() is lexicon.compile()
    assert lexicon.search("say hello").group() == "hello"
