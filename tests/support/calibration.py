"""The offline prober measured on labelled probes (tests/data/probes): rates and confusion tables.

`python -m tests.support.calibration` prints the tables of docs/PROBING.md; `--write` rewrites that section of the doc.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from elicit.core.guides import Check, get_guide
from elicit.core.interview import ProbeRequest, ProbeResult, answer_text, normalize_answer
from elicit.core.probing.heuristic import HeuristicProber

ROOT = Path(__file__).resolve().parents[2]
PROBES = ROOT / "tests" / "data" / "probes"
SETS = ("tune", "holdout", "late")
DOC = ROOT / "docs" / "PROBING.md"
BEGIN, END = "<!-- calibration:begin -->", "<!-- calibration:end -->"
GUIDES = ("crisis_management", "private_equity", "brand_strategy", "general")


@dataclass(frozen=True)
class Outcome:
    """One labelled probe and what the prober made of it."""

    guide: str
    question: str
    answer: str
    expected: frozenset[str]
    result: ProbeResult
    specific: bool
    """The follow-up is the guide's own wording for this question, not the generic fallback."""

    @property
    def lazy(self) -> bool:
        return bool(self.expected)

    @property
    def found(self) -> frozenset[str]:
        return frozenset(gap.check for gap in self.result.gaps)

    @property
    def on_target(self) -> bool:
        return self.result.focus is not None and self.result.focus.check in self.expected


def load(name: str) -> list[dict]:
    return yaml.safe_load((PROBES / f"{name}.yaml").read_text(encoding="utf-8"))["probes"]


def run(probe: dict) -> Outcome:
    """Probe one labelled answer as `elicit probe --offline` does, with the replies of a follow-up chain."""
    question = get_guide(probe["guide"]).question(probe["question"])
    text = answer_text(question, normalize_answer(question, probe["answer"]))
    request = ProbeRequest(question=question, answer=text, replies=tuple(probe.get("replies", ())),
                           asked=tuple(probe.get("asked", ())))
    result = HeuristicProber().probe(request)
    wording = question.follow_ups.get(Check(result.focus.check)) if result.focus else None
    specific = bool(wording and result.follow_up and result.follow_up.endswith(wording))
    return Outcome(probe["guide"], probe["question"], probe["answer"], frozenset(probe["gaps"]), result, specific)


@cache
def outcomes(name: str) -> tuple[Outcome, ...]:
    return tuple(run(probe) for probe in load(name))


@dataclass(frozen=True)
class Rates:
    lazy: int
    flagged: int
    rich: int
    left_alone: int
    specific: int
    on_target: int

    @classmethod
    def of(cls, results: tuple[Outcome, ...] | list[Outcome]) -> Rates:
        lazy = [o for o in results if o.lazy]
        flagged = [o for o in lazy if not o.result.satisfied]
        rich = [o for o in results if not o.lazy]
        return cls(len(lazy), len(flagged), len(rich), sum(o.result.satisfied for o in rich),
                   sum(o.specific for o in flagged), sum(o.on_target for o in flagged))

    def rate(self, part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def flagged_rate(self) -> float:
        return self.rate(self.flagged, self.lazy)

    @property
    def left_alone_rate(self) -> float:
        return self.rate(self.left_alone, self.rich)

    @property
    def specific_rate(self) -> float:
        return self.rate(self.specific, self.flagged)

    @property
    def on_target_rate(self) -> float:
        return self.rate(self.on_target, self.flagged)


def _row(label: str, rates: Rates) -> str:
    return (f"| {label} | {rates.lazy} | {rates.flagged} | {rates.lazy - rates.flagged} | {rates.rich} | "
            f"{rates.left_alone} | {rates.rich - rates.left_alone} | {rates.flagged_rate:.2f} | "
            f"{rates.left_alone_rate:.2f} | {rates.specific_rate:.2f} | {rates.on_target_rate:.2f} |")


def table() -> str:
    """The confusion tables, per set and per guide, then per check over both sets."""
    head = ("| set | lazy | flagged | passed | rich | left alone | false alarm | lazy flagged | rich left alone | "
            "own follow-up | on a labelled gap |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| ---: |")
    rows, everything = [head], []
    for name in SETS:
        results = outcomes(name)
        everything += list(results)
        rows.append(_row(f"**{name}**", Rates.of(results)))
        rows += [_row(f"{name}: {guide}", Rates.of([o for o in results if o.guide == guide])) for guide in GUIDES]
    checks = ["", "| check | labelled and found | found, not labelled | labelled, not found |",
              "| --- | ---: | ---: | ---: |"]
    for check in Check:
        hit = sum(check.value in o.expected and check.value in o.found for o in everything)
        extra = sum(check.value not in o.expected and check.value in o.found for o in everything)
        missed = sum(check.value in o.expected and check.value not in o.found for o in everything)
        checks.append(f"| `{check.value}` | {hit} | {extra} | {missed} |")
    return "\n".join(rows + checks)


AIMS = ("aims_tune", "aims_holdout")
"""Issue 26's sets: each row a lazy, medium or rich answer (`kind`), labelled with the gap one follow-up should
aim at; the tune half was looked at while the prober changed, the holdout half was not."""
AIM_BEGIN, AIM_END = "<!-- aims:begin -->", "<!-- aims:end -->"


@dataclass(frozen=True)
class Aims:
    """The four rates of issue 26 over one set of kinded rows."""

    lazy: int
    flagged: int
    aimable: int
    aimed: int
    rich: int
    left_alone: int
    medium: int
    handled: int

    @classmethod
    def of(cls, rows: list[tuple[str, Outcome]]) -> Aims:
        lazy = [o for kind, o in rows if kind == "lazy"]
        medium = [o for kind, o in rows if kind == "medium"]
        rich = [o for kind, o in rows if kind == "rich"]
        asked = [o for o in lazy + medium if not o.result.satisfied]
        return cls(len(lazy), sum(not o.result.satisfied for o in lazy), len(lazy) + len(medium),
                   sum(o.on_target for o in asked), len(rich), sum(o.result.satisfied for o in rich),
                   len(medium), sum(not o.result.satisfied and o.on_target for o in medium))

    @staticmethod
    def rate(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def rates(self) -> tuple[float, float, float, float]:
        """Lazy flagged, follow-up aimed at the real gap, rich left alone, medium handled well."""
        return (self.rate(self.flagged, self.lazy), self.rate(self.aimed, self.aimable),
                self.rate(self.left_alone, self.rich), self.rate(self.handled, self.medium))


@cache
def kinded(name: str) -> tuple[tuple[str, Outcome], ...]:
    return tuple((probe["kind"], run(probe)) for probe in load(name))


def aims_table() -> str:
    head = ("| set | rows | lazy flagged | follow-up aimed at the real gap | rich left alone | medium handled well |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: |")
    rows = [head]
    for name in AIMS:
        found = list(kinded(name))
        for label, part in [(f"**{name}**", found)] + [(f"{name}: {g}", [r for r in found if r[1].guide == g])
                                                        for g in GUIDES]:
            a = Aims.of(part)
            lazy, aimed, rich, medium = a.rates
            rows.append(f"| {label} | {len(part)} | {lazy:.2f} ({a.flagged}/{a.lazy}) | {aimed:.2f} "
                        f"({a.aimed}/{a.aimable}) | {rich:.2f} ({a.left_alone}/{a.rich}) | {medium:.2f} "
                        f"({a.handled}/{a.medium}) |")
    return "\n".join(rows)


def write_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    before, rest = text.split(BEGIN)
    _, after = rest.split(END)
    text = f"{before}{BEGIN}\n{table()}\n{END}{after}"
    if AIM_BEGIN in text:
        before, rest = text.split(AIM_BEGIN)
        _, after = rest.split(AIM_END)
        text = f"{before}{AIM_BEGIN}\n{aims_table()}\n{AIM_END}{after}"
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write_doc()
    if "--misses" in sys.argv:
        for name in SETS if "--all" in sys.argv else ("tune",):
            for o in outcomes(name):
                wrong = (o.lazy and (o.result.satisfied or not o.specific or not o.on_target)) or (
                    not o.lazy and not o.result.satisfied)
                if wrong:
                    print(f"[{name}] {o.guide}.{o.question} expected={sorted(o.expected)} found={sorted(o.found)} "
                          f"specific={o.specific}\n   A: {o.answer[:150]!r}\n   F: {o.result.follow_up}")
    if "--aims" in sys.argv:
        for name in AIMS:
            for kind, o in kinded(name):
                wrong = (kind == "rich" and not o.result.satisfied) or (kind != "rich" and (
                    o.result.satisfied or not o.on_target))
                if wrong and ("--holdout" in sys.argv or name == "aims_tune"):
                    print(f"[{name}] {kind} {o.guide}.{o.question} expected={sorted(o.expected)} "
                          f"found={sorted(o.found)}\n   A: {o.answer[:200]!r}\n   F: {o.result.follow_up}")
        print(aims_table())
    else:
        print(table())
