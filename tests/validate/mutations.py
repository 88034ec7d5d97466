"""Mutations of the reference plan, and of its session and candidates, shared by the validator tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from scheduler.domain.plan import UNPLACED, Oral, Plan
from scheduler.domain.session import Candidate, Session
from scheduler.validate.hard_rules import validate
from scheduler.validate.violation import Violation
from tests.helpers_plans import find_oral, tiny_candidates, tiny_session, valid_plan, with_oral

SESSION = tiny_session()
CANDIDATES = tiny_candidates()

Mutation = Callable[[Plan], Plan]
#: A single-rule case: (rule, mutation, words the French message must contain).
Case = tuple[str, Mutation, tuple[str, ...]]


def violations(plan: Plan) -> list[Violation]:
    """Every violation of ``plan`` against the tiny session and candidates."""
    return validate(SESSION, CANDIDATES, plan)


def assert_breaks_exactly(rule: str, mutate: Mutation, words: tuple[str, ...]) -> None:
    """``mutate`` applied to the reference plan breaks ``rule`` and no other, in messages saying ``words``."""
    found = violations(mutate(valid_plan()))
    assert found, "aucune violation"
    assert {v.rule for v in found} == {rule}, [str(v) for v in found]
    text = "\n".join(v.message for v in found)
    for word in words:
        assert word in text, (word, text)


def unplaced(plan: Plan, candidate: str, epreuve: str) -> Plan:
    """``plan`` where that oral is « non placé », without place, time or subject."""
    return with_oral(
        plan,
        candidate,
        epreuve,
        status=UNPLACED,
        subject=None,
        site=None,
        room=None,
        commission=None,
        day=None,
        convocation=None,
        preparation_start=None,
        start=None,
        end=None,
    )


def added(plan: Plan, oral: Oral) -> Plan:
    """``plan`` with ``oral`` appended."""
    return replace(plan, orals=[*plan.orals, oral])


def dropped(plan: Plan, candidate: str, epreuve: str) -> Plan:
    """``plan`` without that oral."""
    target = find_oral(plan, candidate, epreuve)
    return replace(plan, orals=[o for o in plan.orals if o is not target])


def excused(plan: Plan, candidate: str, epreuve: str, status: str) -> Plan:
    """``plan`` where that oral is not sat: ``status``, no place, time or subject."""
    target = find_oral(plan, candidate, epreuve)
    bare = Oral(candidate, epreuve, status, language=target.language)  # type: ignore[arg-type]
    return replace(plan, orals=[bare if o is target else o for o in plan.orals])


def with_candidate(number: str, **changes: object) -> list[Candidate]:
    """The tiny candidates, where ``number`` has ``changes`` (``absent=``, ``withdrawn=``)."""
    return [replace(c, **changes) if c.number == number else c for c in CANDIDATES]  # type: ignore[arg-type]


def closed(**changes: object) -> Session:
    """The tiny session with ``closed_rooms=`` or ``closed_commissions=``."""
    return replace(SESSION, **changes)  # type: ignore[arg-type]
