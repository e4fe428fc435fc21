"""The offline prober: checks on the reading of an answer (elicit.core.reading) that find what a complete answer lacks.

The gaps come out biggest first, as a trained interviewer would take them: a hedge or a dodge before anything
else, then what the question itself asks for (with the guide's own follow-up ahead of a generic one), then a
habit told without a case, and length last: a short answer hears about its real gap, not its word count.

It runs over 300 lines because every check is a short function over the reading, and the order the gaps are taken
in (the tiers) must be read in one place.
"""

from __future__ import annotations

import re
from itertools import islice
from collections.abc import Callable

from elicit.core.guides import Check, Kind, Question
from elicit.core.interview import Gap, ProbeRequest, ProbeResult
from elicit.core.reading import Reading, read
from elicit.core.reading.lists import digits
from elicit.core.reading.substance import Substance, judge, own_words

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
NATURAL_ELEMENT = {
    Check.ORDERED_STEPS: "process",
    Check.CRITERIA_WITH_WEIGHT: "decision_criteria",
    Check.THRESHOLD: "decision_criteria",
    Check.TIE_BREAKER: "decision_criteria",
    Check.CONDITION: "decision_criteria",
    Check.OBSERVABLE_CUE: "decision_criteria",
    Check.CONCRETE_INSTANCE: "examples",
    Check.EXAMPLE: "examples",
}
DEFAULT_ASK = {
    Check.MIN_WORDS: "Could you say a little more, as you would to a new colleague?",
    Check.ORDERED_STEPS: "In what order do you do these? Number them, and mark the hardest one.",
    Check.CRITERIA_WITH_WEIGHT: "How much does each one count? A ranking or rough percentages are fine.",
    Check.THRESHOLD: "At what number does your call change? A range is fine.",
    Check.TIE_BREAKER: "When two of them pull in different directions, which one wins?",
    Check.CONDITION: "On what does it depend, and what do you do in each case?",
    Check.OBSERVABLE_CUE: "What do you actually see or hear that tells you?",
    Check.CONCRETE_INSTANCE: "When did this last actually happen, and what did you do?",
    Check.EXAMPLE: "Could you paste or sketch a short sample of what it looks like?",
    Check.NO_BOILERPLATE: "What does that mean in practice: what exactly did you do the last time?",
}
CUE_ACTION_ASK = "What does each of those make you do, and at what count?"
"""For a list of signs: the expert named what they watch, not what each one makes them do."""

HEDGE, DECLARED, IMPLIED, LENGTH = range(4)
"""Tiers of a gap, biggest first: a hedge, dodge or boilerplate; what the question asks for (the number of items or
steps included); what every answer owes; the number of words."""


def _count(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def _plural(n: int, noun: str) -> str:
    return f"{_count(n)} {noun}{'' if n == 1 else 's'}"


def _thin(question: Question, reading: Reading) -> str | None:
    words = reading.words
    if question.kind is Kind.STEPS:
        count = len(reading.steps)
        if count < 3 and Check.ORDERED_STEPS in question.expects:
            return None  # too few steps is the order's gap (`_steps`): the steps between, in order
        if count < 3:
            return f"You gave {_plural(count, 'step')}; most jobs like this take three to six."
        if words < 2.5 * count:
            return f"You named {_plural(count, 'step')}, a word or two each, but not what you do in them."
        return None
    if question.kind in (Kind.LIST, Kind.CRITERIA):
        count = len(reading.items)
        if count < 2 and words < question.min_words:
            return f"You named {_plural(count, 'item')}; a second or third would help."
        if question.kind is Kind.LIST and words < min(question.min_words, 2 * count):
            return f"You named {_plural(count, 'item')}, a word or two each: what exactly do you mean by each?"
        return None
    if "clarifying_questions" in question.feeds and _asks_only(reading):
        return "You gave the questions, but not what answer settles each one, or what it changes."
    # a short answer that acts is not thin, but a role is its background: "Crisis lead, 10 years." still is
    acts = _acts(reading) and question.feeds[0] != "persona"
    if question.feeds[0] == "persona" and _YEARS.search(reading.text):  # the years are given: never asked again
        return None if words >= 8 else "You gave your role and your years, but not which kinds of cases you know best."
    if words < question.min_words and not _dense(reading) and not acts:
        if Check.EXAMPLE in question.expects:
            return "You did not give a sample of it: its parts, with blanks for what changes."
        return ROLE_GAP.get(question.feeds[0], ROLE_GAP["decision_criteria"])
    return None


_YEARS = re.compile(r"\b\d+\+?\s*(?:years?|yrs?)\b|\bsince (?:19|20)\d\d\b|\b(?:a|one|two|three|four|five|six|seven|"
                    r"eight|nine|ten|fifteen|twenty) (?:years|decades?)\b", re.IGNORECASE)
"""How long the expert has done the work, in a role answer."""

ROLE_GAP = {
    "persona": "You gave your role, but not for how long, or which kinds of cases you have handled.",
    "goals": "You named what matters, but not what gives way when two of those pull apart.",
    "context": "You did not say who will use this, or what they will have in front of them.",
    "process": "You did not say what you do at each point, or in what order.",
    "decision_criteria": "You did not say what decides the call: the sign, the number or the condition.",
    "checkpoints": "You did not say what you check, with whom, or before what.",
    "clarifying_questions": "You did not say what you ask first, or why its answer changes what you do.",
    "output_format": "You did not say what the finished work looks like: its parts, its length, who reads it.",
    "guardrails": "You did not say what must never happen, or when.",
    "examples": "You did not say when it happened, who was involved, or what you did.",
}
"""A short answer's gap by what its question is for: the missing piece, never the word count."""


_ASKING = re.compile(r"^(?:and |or |then )?(?:what|what's|who|who's|whose|how|why|when|where|which|can|could|is|are|"
                     r"does|do|did|will|would|has|have|should)\b", re.IGNORECASE)


def _asks_only(reading: Reading) -> bool:
    """An answer made only of the questions asked ("What's the downside, who buys it from us, and can this CEO do
    it."): what answer each one wants, or what it changes, is not said."""
    parts = [p.strip() for p in re.split(r"[?.;,\n]+", reading.text) if p.strip()]
    return len(parts) >= 2 and all(_ASKING.match(p) for p in parts)


def _acts(reading: Reading) -> bool:
    """A short answer that still carries something a model can act on: an action on a named thing, a number, a
    limit, an order, or a condition with what it leads to, in the reading of substance the assembler and the lint
    use."""
    verdict = judge(reading.text)
    found = {"condition", "action", "number", "limit", "order"} & set(verdict.anchors)
    # a condition alone says when, not what follows ("When it's beyond us."): it acts with what it leads to
    return verdict.substantive and bool(found - {"condition"} or "condition" in found and len(reading.sentences) > 1)


def _dense(reading: Reading) -> bool:
    """A short answer that still carries numbers, conditions and a case is not thin; nor is a list whose every
    item has its number ("Founder won't roll at least 20%. Gross retention under 85%.")."""
    measured = len(reading.items) >= 2 and all(any(ch.isdigit() for ch in digits(item)) for item in reading.items)
    return measured or sum((reading.threshold(), bool(reading.conditions(enough=1)), reading.instance())) >= 2


def _weight(question: Question, reading: Reading) -> str | None:
    total, missing = reading.weights()
    if total > 1 and missing == total:
        return f"You named {_count(total)} criteria but gave none of them a weight or rank."
    if total > 1 and missing:
        return (f"You named {_count(total)} criteria, and {_count(missing)} "
                f"{'has' if missing == 1 else 'have'} no weight or rank.")
    if total <= 1 and missing:
        return "You named what you weigh, but not how much each counts."
    return None


_CATEGORICAL = re.compile(r"\b(?:full stop|period|no matter what|whatever (?:the|it) costs?|kills? (?:it|the \w+)|"
                          r"(?:any|every) (?:\w+ ){0,3}(?:kills?|ends?|means?)|zero tolerance|non[- ]negotiable|"
                          r"(?:is|are) (?:a|an automatic) (?:veto|no)|deal[- ]?breaker)\b", re.IGNORECASE)


_SINGLE = re.compile(r"\b(?:any\w*|a single|one|every|zero|even one|a child|a death|a fatality)\b", re.IGNORECASE)
"""A trigger of one instance ("any fraud", "a single injury"): with a firm call ("full stop"), the line is one. A firm
call on a vague trigger ("once there's a real safety risk, whatever it costs") still owes where the line is."""


_VAGUE_WHEN = re.compile(r"\b(?:as (?:soon|early|quickly|fast) as (?:possible|we can|i can|practical|practicable|"
                         r"feasible|we're able)|asap|at some point|in due course|promptly|in good time|"
                         r"reasonably (?:soon|quickly|fast)|sooner rather than later|when we get to it)\b", re.IGNORECASE)


_VAGUE_HOW_MUCH = re.compile(r"\b(?:too (?:much|many|big|high|low|small|large|few|little|long|thin|heavy|expensive|"
                             r"risky|concentrated)|(?:not|never) (?:\w+ )?enough|a (?:meaningful|big|large|decent|"
                             r"real|good) (?:part|share|chunk|slice|amount|stake)|past a certain \w+|material(?:ly)?|"
                             r"price[- ]sensitive|significant(?:ly)?)\b", re.IGNORECASE)
"""An amount said without its number ("too big a part of the business", "won't roll enough")."""


def _vague_clause(reading: Reading, pattern: re.Pattern[str] = _VAGUE_WHEN) -> str | None:
    """"as early as we can" in a sentence (or a clause between semicolons) with no number of its own: a line that
    names no limit where one belongs ("GDPR gives us 72 hours. The insurer, as early as we can.")."""
    for clause in (part for sentence in reading.sentences for part in sentence.split(";")):
        found = pattern.search(clause)
        if found and not any(ch.isdigit() for ch in clause):
            return found.group(0)
    return None


def _threshold(question: Question, reading: Reading) -> str | None:
    if reading.threshold(strict=question.kind is Kind.CRITERIA):
        vague = _vague_clause(reading)
        if vague:
            return f'You wrote "{vague}" where the others have a number: by when, or at what level?'
        vague = _vague_clause(reading, _VAGUE_HOW_MUCH)
        return f'You wrote "{vague}" without saying how much: where is the line?' if vague else None
    if (question.kind is not Kind.CRITERIA and _CATEGORICAL.search(reading.text) and _SINGLE.search(reading.text)
            and _acts(reading)):
        return None  # a line with no tolerance ("any fraud kills it, full stop") is its own threshold
    return "You gave no number or range at which your call changes."


def _tie_breaker(question: Question, reading: Reading) -> str | None:
    # An order of priorities settles a tie only when it is told, not when it is three bare words.
    # an order of three or more told in words ("Don't lose money, then returns; speed matters least") settles a
    # tie however short; three bare words ("Safety, then reputation, then cost.") do not
    ranks = _ranks(reading)
    told = ranks >= 3 and reading.words >= 2.5 * ranks
    if reading.tie_breaker() or reading.order() and (reading.words >= question.min_words or told):
        return None
    total = len(reading.items) if question.kind is Kind.CRITERIA else 0
    if total > 1:
        return f"You named {_count(total)} criteria but not which one wins when they conflict."
    if reading.order():
        return "You gave an order, but not what gives way when two of them really conflict."
    return "You did not say what wins when two things you care about pull apart."


def _ranks(reading: Reading) -> int:
    """How many things an order of priorities puts in place: its parts at commas, semicolons and "then"."""
    return len([p for p in re.split(r"[,;.]|\bthen\b", reading.lower) if p.strip(" .")])


def _condition(question: Question, reading: Reading) -> str | None:
    hedge = reading.hedge()
    conditions = max(reading.conditions(), reading.lines())
    if conditions and not (hedge and conditions < 2 and reading.words < 25):
        return None
    if hedge:
        return f'You wrote "{hedge}" without saying on what, or what you do in each case.'
    if Check.CONDITION in question.expects:
        return "You said what you do, but not when it changes."
    return None


def _instance(question: Question, reading: Reading) -> str | None:
    if reading.instance():
        return None
    habit = reading.habit()
    declared = Check.CONCRETE_INSTANCE in question.expects
    if habit and (declared or not (reading.threshold() or reading.conditions(enough=1) or reading.ordered)):
        return f'You wrote "{habit}": that is the rule, not yet a case where it happened.'
    if declared:
        return "You described it in general, not one real case: when, who, what happened."
    return None


def _cue(question: Question, reading: Reading) -> str | None:
    if question.kind is Kind.LIST:
        total, seen = reading.cue_items()
        if total and seen * 2 < total:
            return f"You named {_plural(total, 'thing')} to watch, but not what you actually see or hear."
        return None
    return None if reading.cue() else "You said what you conclude, but not what you see or hear that tells you."


def _cue_actions(question: Question, reading: Reading) -> str | None:
    """A list of signs, each observable, none saying what it makes the expert do or at what count."""
    total, acted = reading.acted_items()
    if total >= 2 and acted * 2 < total and _cue(question, reading) is None:
        return f"You named {_plural(total, 'sign')}, but not what each makes you do, or at what count."
    return None


_UNORDERED = re.compile(r"\b(?:in no (?:particular|set|fixed) order|(?:in )?(?:any|whatever) order|the (?:order|"
                        r"sequence) (?:moves|changes|varies|shifts|depends)|no (?:set|fixed) (?:order|sequence)|"
                        r"whoever picks up first|whichever (?:order|comes first|i can reach)|"
                        r"(?:all )?at (?:the same time|once) really)\b", re.IGNORECASE)


_PARTS = re.compile(r"\b(?:(?:the )?(?:main|key|usual|core) (?:bits|parts|pieces|elements|components|ingredients)|"
                    r"(?:bits|parts|pieces|elements|components|things) that always happen|what always happens|"
                    r"it (?:involves|includes|covers)|"
                    r"(?:it )?consists of|is made up of)\b", re.IGNORECASE)
"""A lead-in that names the parts of the work ("Main bits are ..."): what is in it, not the order it goes in."""


def _steps(question: Question, reading: Reading) -> str | None:
    said = _UNORDERED.search(reading.text)
    if said:  # the expert says there is no order: what decides what comes first is the gap, numbered or not
        return f'You wrote "{said.group(0)}": what decides what comes first?'
    parts = _PARTS.search(reading.text)
    if parts:  # a steps editor numbers every row, but "main bits are" says what the work holds, not its order
        return f'You wrote "{parts.group(0)}": those are the parts of the job, not yet the order they come in.'
    if question.kind is Kind.STEPS and len(reading.steps) < 3:  # the start and the end: the steps between are missing
        return f"You gave {_plural(len(reading.steps), 'step')}, not the steps in between, in the order they come."
    if question.kind is Kind.STEPS or reading.ordered:
        return None
    if len(reading.sentences) < 2 and len(reading.items) < 2:
        return "You did not say what happened, or what you do, in what order."
    return "You listed what you do, but not in what order."


def _example(question: Question, reading: Reading) -> str | None:
    return None if reading.example() else "You described the deliverable, but gave no sample or template of it."


def _boilerplate(question: Question, reading: Reading) -> str | None:
    if _dense(reading):  # one stock phrase in an answer full of numbers, conditions and a case is not its gap
        return None
    verdict = judge(reading.text)  # the whole answer, as the assembler will read it: nothing in it to act on
    if not verdict and verdict.marked:
        said = verdict.evidence[:1].upper() + verdict.evidence[1:]
        if verdict.kind is Substance.POINTER:
            return f'You wrote "{said}": that points somewhere else instead of saying what it holds.'
        if verdict.kind is Substance.HEDGE:
            return f'You wrote "{said}" without saying what decides it.'
        return f'You wrote "{said}", which could mean anything.'
    dodge = reading.dodge()
    if dodge:
        return f'You wrote "{dodge}": that points somewhere else instead of saying what you do.'
    found = reading.boilerplate()
    return f'You wrote "{found}", which could mean anything.' if found else None


CheckFn = Callable[[Question, Reading], str | None]
CHECKS: dict[Check, CheckFn] = {
    Check.MIN_WORDS: _thin,
    Check.ORDERED_STEPS: _steps,
    Check.CRITERIA_WITH_WEIGHT: _weight,
    Check.THRESHOLD: _threshold,
    Check.TIE_BREAKER: _tie_breaker,
    Check.CONDITION: _condition,
    Check.OBSERVABLE_CUE: _cue,
    Check.CONCRETE_INSTANCE: _instance,
    Check.EXAMPLE: _example,
    Check.NO_BOILERPLATE: _boilerplate,
}
ALWAYS = (Check.CONDITION, Check.CONCRETE_INSTANCE, Check.NO_BOILERPLATE)
"""Run on every answer: hedges, habits without a case and boilerplate are gaps whatever the question."""


def _plan(question: Question) -> list[tuple[Check, CheckFn]]:
    """The checks to run on this question: what it declares, what every answer owes, and for a list of signs
    what each one makes the expert do."""
    declared = [c for c in question.expects if c is not Check.MIN_WORDS]
    plan = [(c, CHECKS[c]) for c in declared + [c for c in ALWAYS if c not in declared]]
    if question.kind is Kind.LIST and Check.OBSERVABLE_CUE in declared and not {Check.THRESHOLD, Check.CONDITION} & set(
            declared):
        plan.append((Check.THRESHOLD, _cue_actions))
    if question.kind in (Kind.LIST, Kind.STEPS, Kind.CRITERIA):  # too few items comes before what they lack
        return [(Check.MIN_WORDS, _thin)] + plan
    return plan + [(Check.MIN_WORDS, _thin)]


def _tier(question: Question, check: Check, reason: str, reading: Reading) -> int:
    if check is Check.MIN_WORDS:  # too few items or steps is the answer's shape; too few words is only length
        few = len(reading.steps) < 3 if question.kind is Kind.STEPS else len(reading.items) < 2
        return DECLARED if question.kind in (Kind.LIST, Kind.STEPS, Kind.CRITERIA) and few else LENGTH
    if check is Check.ORDERED_STEPS and _UNORDERED.search(reading.text):
        return HEDGE  # "in no particular order" is the answer's gap, before how many steps it has
    if check is Check.CONDITION and reading.hedge() or check is Check.NO_BOILERPLATE:
        return HEDGE
    return DECLARED if check in question.expects else IMPLIED


def find_gaps(question: Question, reading: Reading | str) -> list[Gap]:
    """Every gap in the answer, biggest first (see the module's docstring)."""
    if question.kind is Kind.CHOICE:
        return []
    reading = read(reading) if isinstance(reading, str) else reading
    found = []
    plan = _plan(question)
    for position, (check, fn) in enumerate(plan):
        reason = fn(question, reading)
        if reason:
            if check is Check.MIN_WORDS and question.kind is Kind.LIST and len(reading.items) < 2:
                position = len(plan)  # one vague item ("Body language mostly."): what it lacks comes before a second
            if (check is Check.CONDITION and question.kind is Kind.LIST and len(reading.items) < 2
                    and question.feeds[0] == "clarifying_questions" and not reason.startswith("You wrote")):
                position = len(plan) + 1  # what each answer changes waits for the questions: "What's the problem?"
            if (check is Check.THRESHOLD and question.expects[0] is not Check.THRESHOLD
                    and Check.OBSERVABLE_CUE in question.expects and not reading.amount()
                    and reason.startswith("You gave no number")):
                position = len(plan)  # a condition told as a conclusion ("if someone's at risk"): its sign first
            if check is Check.CONCRETE_INSTANCE and reason.startswith("You wrote") and check in question.expects:
                position = -1  # a rule told as a habit ("usually") on a question that asks for a case: the case first
            rank = (_tier(question, check, reason, reading), check not in question.follow_ups, position)
            found.append((rank, check, reason))
    ordered = [(check, reason) for _, check, reason in sorted(found, key=lambda row: row[0])]
    return [Gap(element=_element(question, check), check=check.value, reason=reason)
            for check, reason in _aimed(question, ordered)]


_HOLLOW_CHECKS = (Check.NO_BOILERPLATE, Check.CONDITION)
_KNOWING = re.compile(r'^You wrote "[^"]*\b(?:know|knows|obvious|spot it|see it|smell|sniff|sixth sense)\b', re.IGNORECASE)


def _aimed(question: Question, ordered: list[tuple[Check, str]]) -> list[tuple[Check, str]]:
    """A hedge, pointer or filler is quoted first, but the follow-up aims at what the question is for: the first
    gap among the checks it declares takes the lead, with the quote as its reason ("You wrote \"Within reason\"
    ..." then the guide's own question for the threshold), so the expert is asked for the missing piece, not to
    explain a phrase."""
    if not ordered or ordered[0][0] not in _HOLLOW_CHECKS or not ordered[0][1].startswith("You wrote"):
        return ordered
    # the lines a question is for; not its order or its case, which a hollow answer has nothing to give yet
    lines = {Check.THRESHOLD, Check.CRITERIA_WITH_WEIGHT, Check.TIE_BREAKER, Check.EXAMPLE}
    # a sign is what the question is for when it feeds the criteria first, or when the answer claims to know
    # without saying how ("you'll know", "it's obvious"): what is seen or heard is then the missing piece
    if question.feeds[0] == "decision_criteria" or _KNOWING.search(ordered[0][1]):
        lines.add(Check.OBSERVABLE_CUE)
    if question.feeds[0] == "decision_criteria" and question.expects[0] is Check.CONDITION:
        lines.add(Check.CONDITION)  # a call that turns on its cases ("what would have changed it?"): the cases first
    if _KNOWING.search(ordered[0][1]):  # a sense claimed ("the smell test") hides what is sensed, not a number
        lines.discard(Check.THRESHOLD)
    declared = [c for c in question.expects if c in lines]
    lead = next((row for row in ordered if row[0] in declared), None)
    if lead is None:
        return [(declared[0], ordered[0][1])] + ordered if declared else ordered  # nothing there: the line is missing
    return [(lead[0], ordered[0][1])] + [row for row in ordered if row is not lead]


def _element(question: Question, check: Check) -> str:
    natural = NATURAL_ELEMENT.get(check)
    return natural if natural in question.feeds else question.feeds[0]


def follow_up_for(question: Question, gap: Gap) -> str:
    """One bite-sized follow-up: what was missing, then the domain's question for it."""
    check = Check(gap.check)
    wording = question.follow_ups.get(check)
    if not wording and check is Check.THRESHOLD and "each makes you do" in gap.reason:
        wording = CUE_ACTION_ASK
    return f"{gap.reason} {wording or DEFAULT_ASK[check]}"


def settles(question: Question, check: str, answer: str, reply: str, earlier: tuple[str, ...] = ()) -> bool:
    """Whether a reply answers the follow-up it was asked for: it carries substance (the same reading the
    assembler and the lint use), and the gap that follow-up's check found is closed, by the reply itself or by
    the reply read with the answer. A follow-up an LLM raised on a check of its own is taken as answered."""
    if not reply.strip() or not judge(reply):
        return False
    try:
        fn = CHECKS[Check(check)]
    except (ValueError, KeyError):
        return True
    if check == Check.TIE_BREAKER and _precedence(reply):
        return True
    return fn(question, read(reply)) is None or fn(question, read(answer, (*earlier, reply))) is None


_AHEAD = re.compile(r"(?<![\w'])(?:before|ahead of|over|above|rather than|instead of|more than|first|then|beats?|"
                    r"trumps?|outranks?|wins?|comes? (?:first|before))(?![\w'])", re.IGNORECASE)
_WHO = re.compile(r"(?<![\w'])(?:people|person|staff|team|lives|quality|time)(?![\w'])", re.IGNORECASE)
_ALL_ELSE = re.compile(r"(?<![\w'])(?:everything|anything|all else|the rest|whatever else)(?![\w'])", re.IGNORECASE)


def _precedence(reply: str) -> bool:
    """A reply to "which wins?" that puts one named thing ahead of another in a sentence of its own ("Safety always
    before sales, whatever the client says.", "People first, then the business."): a tie-breaker however short. A
    hedge ("It depends.") is marked and an order of nothing ("Then we see.", "First things first.") names no
    thing on one side, so neither settles one."""
    found = _AHEAD.search(reply)
    if found is None or judge(reply).marked:
        return False
    ahead, behind = reply[:found.start()], reply[found.end():]

    def named(part: str) -> bool:
        return bool([w for w in own_words(part) if not _AHEAD.fullmatch(w)] or _WHO.search(part))

    return named(ahead) and (named(behind) or bool(_ALL_ELSE.search(behind)))


def closed(question: Question, check: str, text: str, replies: tuple[str, ...] = ()) -> bool:
    """Whether the gap a check names is closed by the answer and its replies as they stand now."""
    try:
        fn = CHECKS[Check(check)]
    except (ValueError, KeyError):
        return False
    return fn(question, read(text, replies)) is None


WINDOW_HEAD, WINDOW_TAIL = 1200, 300
"""Words of a long answer the prober reads: its opening and its close. Every check is a search over the text, so
probing grew with length (26 ms at 5,000 words); an answer that long is not thin, and what it leaves out shows in
its first pages as well as in all of it. Replies are short and read whole."""


def window(text: str) -> str:
    """A long answer's first WINDOW_HEAD and last WINDOW_TAIL words, whole sentences kept at the cut where the
    text allows; a shorter answer whole. Only the ends are read, so a 20,000-word answer costs what a 1,500-word
    one does (the words in between are never split)."""
    head = list(islice(_WORD.finditer(text), WINDOW_HEAD + WINDOW_TAIL + 1))
    if len(head) <= WINDOW_HEAD + WINDOW_TAIL:
        return text
    head_end, tail_start = head[WINDOW_HEAD - 1].end(), _tail_start(text)
    cut = text.rfind(".", 0, head_end)
    head_text = text[:cut + 1] if cut > head_end // 2 else text[:head_end]
    return f"{head_text}\n{text[tail_start:]}"


_WORD = re.compile(r"\S+")


def _tail_start(text: str) -> int:
    """Where the last WINDOW_TAIL words begin, read from the end in growing pieces (the first word of a piece may
    be cut, so a piece must hold one word more than the tail)."""
    size = WINDOW_TAIL * 16
    while True:
        offset = max(0, len(text) - size)
        spans = list(_WORD.finditer(text, offset))
        if len(spans) > WINDOW_TAIL or offset == 0:
            return spans[-WINDOW_TAIL].start()
        size *= 2


def reading_of(request: ProbeRequest) -> Reading:
    """The answer (a long one by its window) read together with the expert's replies to its follow-ups."""
    return read(window(request.answer), request.replies)


class HeuristicProber:
    """Offline, deterministic and fast; the default when no LLM is configured."""

    name = "offline"

    def probe(self, request: ProbeRequest) -> ProbeResult:
        gaps = find_gaps(request.question, reading_of(request))
        focus = next((gap for gap in gaps if gap.check not in request.asked), None)
        follow_up = follow_up_for(request.question, focus) if focus else None
        return ProbeResult(satisfied=not gaps, gaps=gaps, follow_up=follow_up, focus=focus)
