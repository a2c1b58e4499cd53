"""A tag's matching rule over a document's text, in the style of paperless-ngx.

``any``: any of the words; ``all``: every word; ``literal``: the exact phrase; ``regex``: a
regular expression (the ``regex`` module, with a time cap so a catastrophic pattern cannot stall
a worker); ``fuzzy``: a run of words close to the phrase (difflib's ratio at least
``FUZZY_THRESHOLD``). Words are matched whole; case matters only when the tag says so.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import regex

from core.errors import BadRequest
from core.tagging.models import MatchAlgorithm

#: longest accepted pattern, phrase or word list
MAX_MATCH_LENGTH = 500
#: seconds one regular expression may search one document
REGEX_TIMEOUT_SECONDS = 0.25
FUZZY_THRESHOLD = 0.85
#: characters of a document a rule reads (rules are cheap; this bounds the worst case)
MAX_TEXT = 200_000

_WORDS = re.compile(r"\w+(?:[.\-/']\w+)*")


@dataclass(frozen=True)
class Rule:
    algorithm: MatchAlgorithm
    match: str
    case_sensitive: bool = False


def check_rule(rule: Rule) -> None:
    """``BadRequest`` for a rule that can never be used: too long, no words, a bad expression."""
    if len(rule.match) > MAX_MATCH_LENGTH:
        raise BadRequest(f"match is longer than {MAX_MATCH_LENGTH} characters")
    if rule.algorithm is MatchAlgorithm.NONE:
        return
    if not rule.match.strip():
        raise BadRequest(f"match_algorithm {rule.algorithm.value} needs a match")
    if rule.algorithm is MatchAlgorithm.REGEX:
        try:
            regex.compile(rule.match)
        except regex.error as exc:
            raise BadRequest(f"match is not a valid regular expression: {exc}") from None


def _words(text: str, case_sensitive: bool) -> list[str]:
    found = _WORDS.findall(text)
    return found if case_sensitive else [w.casefold() for w in found]


def _fuzzy(phrase: list[str], words: list[str]) -> bool:
    if not phrase:
        return False
    target = " ".join(phrase)
    width = len(phrase)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    for start in range(max(1, len(words) - width + 1)):
        matcher.set_seq1(" ".join(words[start : start + width]))
        if matcher.real_quick_ratio() >= FUZZY_THRESHOLD and matcher.ratio() >= FUZZY_THRESHOLD:
            return True
    return False


def _regex(rule: Rule, text: str) -> bool:
    flags = 0 if rule.case_sensitive else regex.IGNORECASE
    try:
        return regex.search(rule.match, text, flags, timeout=REGEX_TIMEOUT_SECONDS) is not None
    except (TimeoutError, regex.error):
        return False  # a pattern that runs away matches nothing rather than stalling the worker


def matches(rule: Rule, text: str) -> bool:
    """Whether ``text`` satisfies ``rule`` (``none`` never matches)."""
    text = text[:MAX_TEXT]
    if rule.algorithm is MatchAlgorithm.NONE or not rule.match.strip():
        return False
    if rule.algorithm is MatchAlgorithm.REGEX:
        return _regex(rule, text)
    words = _words(text, rule.case_sensitive)
    wanted = _words(rule.match, rule.case_sensitive)
    if rule.algorithm is MatchAlgorithm.ANY:
        return not set(wanted).isdisjoint(words)
    if rule.algorithm is MatchAlgorithm.ALL:
        return set(wanted) <= set(words)
    if rule.algorithm is MatchAlgorithm.LITERAL:
        joined, phrase = f" {' '.join(words)} ", f" {' '.join(wanted)} "
        return bool(wanted) and phrase in joined
    return _fuzzy(wanted, words)
