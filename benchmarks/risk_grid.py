"""A generated grid of risk statements, the gold status computed by construction.

The grid crosses the structures clinicians write risk in (label-value lines,
checkboxes, negated lists, narrative statements, other people's risk, history,
hypotheticals and plans, transcript questions and answers; and, in
risk_grid_layouts.py, tables over several lines, signs in columns, spoken dictation,
wrapped lines, capitals and pronoun agreement) with labels, separators,
values, negators, risk vocabulary, order, punctuation and speakers. Every statement is
synthetic. `grid()` yields every statement; `sample(n, seed)` a reproducible sample
(the test suite runs one); this script scores the whole grid with the drafting engine
and prints the accuracy per structure.

    python benchmarks/risk_grid.py [--limit N] [--errors N] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SI, HI, SH = "suicidal_ideation", "homicidal_ideation", "self_harm"
TYPES = (SI, HI, SH)


@dataclass(frozen=True)
class Statement:
    structure: str
    text: str
    gold: dict[str, str] = field(hash=False)


def _gold(**statuses: str) -> dict[str, str]:
    gold = dict.fromkeys(TYPES, "not_assessed")
    for key, value in statuses.items():
        gold[{"si": SI, "hi": HI, "sh": SH}[key]] = value
    return gold


# --- vocabulary of the grid ---------------------------------------------------------------

LABELS = {
    SI: ["SI", "Suicidal ideation", "Suicidal thoughts", "S/I", "Suicidality", "si"],
    HI: ["HI", "Homicidal ideation", "Homicidal thoughts", "H/I", "hi"],
    SH: ["SH", "Self-harm", "NSSI", "SIB", "Self-injury", "sh"],
}
COMBINED = {"SI/HI": (SI, HI), "SI/HI/SH": (SI, HI, SH), "SI/SH": (SI, SH), "S/HI": (SI, HI)}
SEPARATORS = [": ", " - ", " = ", ":", " – "]
DENIED_VALUES = [
    "denies",
    "denied",
    "none",
    "neg",
    "negative",
    "no",
    "not endorsed",
    "none reported",
    "0",
    "absent",
]
ENDORSED_VALUES = [
    "yes",
    "endorsed",
    "endorses",
    "passive",
    "present",
    "positive",
    "active with plan",
    "yes - passive, no plan",
    "+",
]
UNASSESSED_VALUES = ["not assessed", "deferred", "n/a"]
ENDINGS = ["", ".", " ", ";"]

MARKS = [("[x]", "[ ]"), ("☒", "☐"), ("(x)", "( )"), ("☑", "☐"), ("[X]", "[ ]")]
YES_NO = [("Yes", "No"), ("Y", "N"), ("Endorses", "Denies"), ("Present", "Absent")]

NEGATORS = [
    "No",
    "Denies",
    "Negative for",
    "Pt denies",
    "Client denies",
    "Denies any",
    "Without",
    "Client reports no",
    "no",
]
NOUNS = {
    SI: [
        "SI",
        "suicidal ideation",
        "thoughts of suicide",
        "suicidal thoughts",
        "thoughts of killing herself",
    ],
    HI: ["HI", "homicidal ideation", "thoughts of harming others", "homicidal thoughts"],
    SH: ["SH", "self-harm", "NSSI", "self-injury", "urges to self-harm"],
}
CONNECTORS = [", ", " or ", " and ", "/", ", or ", " nor "]
AFTER = ["denied", "were denied", ": negative", " - neg", "negative", "not endorsed"]
LIST_LABELS = ["", "Risk: ", "Safety: ", "Risk assessment: ", "Safety screen: "]

CLIENTS = ["Client", "Pt", "She", "He", "The client", "Patient"]
REPORT = [
    "reports",
    "reported",
    "endorses",
    "described",
    "disclosed",
    "admits to",
    "stated she has had",
]
# Plain-language statements of the client's own current risk, in report form.
NARRATIVE = {
    SI: [
        "thoughts of wanting to die",
        "wishing she could go to sleep and never wake up",
        "thinking everyone would be better off without her",
        "thoughts about killing herself",
        "thoughts of ending her life",
        "not wanting to be alive anymore",
        "passive suicidal ideation",
        "thinking about driving her car off a bridge",
        "looking up how many pills it would take",
        "a wish to be dead",
        "thoughts of jumping off the parking garage",
        "feeling she can't go on",
        "wanting it all to end",
        "thoughts of overdosing on her medication",
    ],
    HI: [
        "thoughts of killing her ex-husband",
        "urges to hit his coworker",
        "thoughts of hurting her neighbor",
        "fantasies about stabbing her abuser",
        "thoughts of harming others",
        "wanting to break his brother's jaw",
        "urges to strangle her boss",
        "homicidal ideation toward his stepfather",
    ],
    SH: [
        "cutting her arm twice this week",
        "burning herself with a lighter",
        "urges to cut",
        "scratching her skin until it bled",
        "hitting herself when angry",
        "banging her head on the wall",
        "self-harm urges",
        "biting her arms until they bruised",
    ],
}
WHEN = ["", " this week", " last night", " since Sunday", " over the past few days", " today"]
OTHERS = [
    "Her mother",
    "His brother",
    "Client's neighbor",
    "Her best friend",
    "His coworker",
    "Her roommate",
    "Another group member",
    "Her sister",
    "Client's cousin",
]
OTHER_VERBS = ["has a history of", "recently disclosed", "was hospitalized for", "struggles with"]
OTHER_NOUNS = {
    SI: ["suicidal ideation", "a suicide attempt", "suicidal thoughts"],
    HI: ["homicidal ideation", "violent thoughts toward others"],
    SH: ["self-harm", "cutting", "self-injury"],
}
HISTORY = ["History of {n}.", "Hx of {n} in 2019.", "Past {n} as a teenager.", "Prior {n}, remote."]
HISTORY_DENIED = [
    "History of {n}; denies current {n}.",
    "Hx of {n} in 2019, none since.",
    "Past {n} as a teen, denies any current {n}.",
    "{N} history: remote; current: none.",
    "Hx of {n}, none in 5 years, denies current urges.",
]
HYPOTHETICAL = [
    "Client will call 988 if {n} returns.",
    "Will assess {n} next session.",
    "Safety plan reviewed in case {n} recurs.",
    "Plan: reassess {n} at each session.",
    "Provided crisis numbers should {n} occur.",
    "Discussed what to do if {n} comes back.",
]
QUESTIONS = {
    SI: [
        "Any thoughts of suicide?",
        "Have you had thoughts of killing yourself?",
        "Do you ever wish you were dead?",
        "Any thoughts of ending your life lately?",
    ],
    HI: [
        "Any thoughts of hurting someone else?",
        "Any thoughts of harming anyone?",
        "Thoughts of killing anyone?",
    ],
    SH: [
        "Have you done anything to hurt yourself, like cutting?",
        "Any urges to self-harm this week?",
        "Have you been cutting?",
    ],
}
NO_ANSWERS = [
    "No.",
    "Nope.",
    "No, never.",
    "Not at all.",
    "No, nothing like that.",
    "Never. I wouldn't do that.",
]
YES_ANSWERS = [
    "Yes.",
    "Yeah, sometimes.",
    "Sometimes, at night.",
    "A couple of times this week.",
    "Yes, most days.",
    "Honestly, every day.",
]
SPEAKERS = [
    ("T", "C"),
    ("Therapist", "Client"),
    ("Counselor", "Student"),
    ("Q", "A"),
    ("Clinician", "Pt"),
]


# --- the grid -----------------------------------------------------------------------------


def _label_values() -> Iterator[Statement]:
    for risk_type, labels in LABELS.items():
        for label, sep, end in itertools.product(labels, SEPARATORS, ENDINGS):
            for value in DENIED_VALUES:
                yield Statement(
                    "label", f"{label}{sep}{value}{end}", _gold(**{_k(risk_type): "denied"})
                )
            for value in ENDORSED_VALUES:
                yield Statement(
                    "label", f"{label}{sep}{value}{end}", _gold(**{_k(risk_type): "endorsed"})
                )
            for value in UNASSESSED_VALUES:
                yield Statement("label", f"{label}{sep}{value}{end}", _gold())
    for label, types in COMBINED.items():
        for sep, value in itertools.product(SEPARATORS[:3], DENIED_VALUES[:6]):
            yield Statement(
                "label_combined", f"{label}{sep}{value}", _gold(**{_k(t): "denied" for t in types})
            )
        slashed = "/".join(["neg"] * len(types))
        yield Statement(
            "label_combined", f"{label}: {slashed}", _gold(**{_k(t): "denied" for t in types})
        )
        yield Statement(
            "label_combined",
            f"{label}: {'/'.join(['-'] * len(types))}",
            _gold(**{_k(t): "denied" for t in types}),
        )
    # One line per type, as templates print them.
    for sep, value in itertools.product(SEPARATORS[:3], DENIED_VALUES[:5]):
        lines = "\n".join(f"{LABELS[t][0]}{sep}{value}" for t in TYPES)
        yield Statement("label_block", lines, _gold(si="denied", hi="denied", sh="denied"))
    for signs in itertools.product("+-", repeat=3):
        text = ", ".join(f"{LABELS[t][0]}{s}" for t, s in zip(TYPES, signs, strict=True))
        yield Statement(
            "label_signs",
            text,
            _gold(
                **{
                    _k(t): "endorsed" if s == "+" else "denied"
                    for t, s in zip(TYPES, signs, strict=True)
                }
            ),
        )


def _checkboxes() -> Iterator[Statement]:
    for risk_type, labels in LABELS.items():
        for label, (ticked, unticked), (yes, no) in itertools.product(labels[:4], MARKS, YES_NO):
            for sep in (": ", " "):
                yield Statement(
                    "checkbox",
                    f"{label}{sep}{unticked} {yes} {ticked} {no}",
                    _gold(**{_k(risk_type): "denied"}),
                )
                yield Statement(
                    "checkbox",
                    f"{label}{sep}{ticked} {yes} {unticked} {no}",
                    _gold(**{_k(risk_type): "endorsed"}),
                )
                yield Statement(
                    "checkbox", f"{label}{sep}{unticked} {yes} {unticked} {no}", _gold()
                )
                # Marks after their options.
                yield Statement(
                    "checkbox_after",
                    f"{label}{sep}{yes} {unticked}  {no} {ticked}",
                    _gold(**{_k(risk_type): "denied"}),
                )
            # A heading over one option per line.
            yield Statement(
                "checkbox_lines",
                f"{label}\n  {ticked} {no if no != 'N' else 'Denies'}\n  {unticked} Passive\n  {unticked} Active",
                _gold(**{_k(risk_type): "denied"}),
            )
    # A table of value columns, exported from an EHR.
    for yes, no in YES_NO[:2]:
        for marks in itertools.product((0, 1, None), repeat=3):
            rows = [f"| Risk | {yes} | {no} |"]
            gold = {}
            for t, m in zip(TYPES, marks, strict=True):
                cells = ["   ", "   "]
                if m is not None:
                    cells[m] = " X "
                    gold[_k(t)] = "endorsed" if m == 0 else "denied"
                rows.append(f"| {LABELS[t][0]} |{cells[0]}|{cells[1]}|")
            yield Statement("checkbox_table", "\n".join(rows), _gold(**gold))
    for ticked, unticked in MARKS:
        yield Statement(
            "checkbox_none",
            f"Current risk (check all that apply): {unticked} SI {unticked} HI {unticked} SH {ticked} None",
            _gold(si="denied", hi="denied", sh="denied"),
        )
        yield Statement(
            "checkbox_option", f"{ticked} Passive SI  {unticked} Active SI", _gold(si="endorsed")
        )


def _negated_lists() -> Iterator[Statement]:
    for size in (1, 2, 3):
        for types in itertools.permutations(TYPES, size):
            for negator, label, end in itertools.product(NEGATORS, LIST_LABELS, (".", "")):
                for connector in CONNECTORS[:5] if size > 1 else [""]:
                    for variant in range(2):
                        nouns = [
                            NOUNS[t][(variant + i) % len(NOUNS[t])] for i, t in enumerate(types)
                        ]
                        if connector == "/" and any(" " in n for n in nouns):
                            continue
                        text = f"{label}{negator} {_join(nouns, connector)}{end}"
                        yield Statement(
                            "negated_list", text, _gold(**{_k(t): "denied" for t in types})
                        )
            for after, variant in itertools.product(AFTER, range(2)):
                nouns = [NOUNS[t][variant] for t in types]
                text = f"{_join(nouns, ' and ' if size == 2 else ', ')} {after}."
                yield Statement(
                    "negated_after",
                    text.replace("  ", " ").replace(" :", ":"),
                    _gold(**{_k(t): "denied" for t in types}),
                )
    for a, b in itertools.permutations(TYPES, 2):
        for x, y in itertools.product(NOUNS[a][:2], NOUNS[b][:2]):
            yield Statement(
                "neither_nor",
                f"Client reports neither {x} nor {y}.",
                _gold(**{_k(a): "denied", _k(b): "denied"}),
            )
    for phrase in (
        "no thoughts of harming self or others",
        "denies thoughts of hurting herself or others",
        "Danger to self or others: none",
    ):
        yield Statement("self_or_others", phrase, _gold(si="denied", hi="denied"))


def _narrative() -> Iterator[Statement]:
    for risk_type, phrases in NARRATIVE.items():
        for phrase, subject, verb, when in itertools.product(phrases, CLIENTS, REPORT, WHEN):
            if subject == "He" and "her" in phrase:
                continue
            yield Statement(
                "narrative",
                f"{subject} {verb} {phrase}{when}.",
                _gold(**{_k(risk_type): "endorsed"}),
            )
        # The same risk beside a denial of another type.
        other = next(t for t in TYPES if t != risk_type)
        for phrase, noun in itertools.product(phrases, NOUNS[other][:2]):
            yield Statement(
                "narrative_mixed",
                f"Client reports {phrase}; denies {noun}.",
                _gold(**{_k(risk_type): "endorsed", _k(other): "denied"}),
            )
        for phrase in phrases:
            yield Statement(
                "narrative_plan_denied",
                f"Client reports {phrase}, denies plan or intent.",
                _gold(**{_k(risk_type): "endorsed"}),
            )


def _other_people() -> Iterator[Statement]:
    for risk_type, nouns in OTHER_NOUNS.items():
        for other, verb, noun in itertools.product(OTHERS, OTHER_VERBS, nouns):
            yield Statement("other_person", f"{other} {verb} {noun}.", _gold())
            denial = NOUNS[risk_type][0]
            yield Statement(
                "other_person_denial",
                f"{other} {verb} {noun}; client denies {denial}.",
                _gold(**{_k(risk_type): "denied"}),
            )


def _history() -> Iterator[Statement]:
    for risk_type, nouns in NOUNS.items():
        for noun in nouns:
            if (
                noun in ("SI", "HI", "SH")
                or noun.startswith("thoughts of")
                or noun.startswith("urges")
            ):
                continue
            for template in HISTORY:
                yield Statement("history", template.format(n=noun, N=noun.capitalize()), _gold())
            for template in HISTORY_DENIED:
                yield Statement(
                    "history_denied",
                    template.format(n=noun, N=noun.capitalize()),
                    _gold(**{_k(risk_type): "denied"}),
                )


def _hypothetical() -> Iterator[Statement]:
    for nouns in NOUNS.values():
        for noun, template in itertools.product(nouns, HYPOTHETICAL):
            yield Statement("hypothetical", template.format(n=noun), _gold())


def _transcripts() -> Iterator[Statement]:
    for risk_type, questions in QUESTIONS.items():
        for question, (asker, client) in itertools.product(questions, SPEAKERS):
            for answer in NO_ANSWERS:
                yield Statement(
                    "transcript",
                    f"{asker}: {question}\n{client}: {answer}",
                    _gold(**{_k(risk_type): "denied"}),
                )
            for answer in YES_ANSWERS:
                yield Statement(
                    "transcript",
                    f"{asker}: {question}\n{client}: {answer}",
                    _gold(**{_k(risk_type): "endorsed"}),
                )


def grid() -> list[Statement]:
    """Every statement of the grid, in a fixed order, without duplicates."""
    seen: set[str] = set()
    out = []
    for part in (
        _label_values,
        _checkboxes,
        _negated_lists,
        _narrative,
        _other_people,
        _history,
        _hypothetical,
        _transcripts,
        *_layouts(),
    ):
        for statement in part():
            if statement.text not in seen:
                seen.add(statement.text)
                out.append(statement)
    return out


def _layouts() -> tuple:
    """The multi-line and spoken layouts (risk_grid_layouts.py, beside this file)."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    from risk_grid_layouts import GENERATORS

    return GENERATORS


def sample(n: int, seed: int = 7) -> list[Statement]:
    """A reproducible sample, stratified so every structure is present."""
    by_structure: dict[str, list[Statement]] = defaultdict(list)
    for statement in grid():
        by_structure[statement.structure].append(statement)
    rng = random.Random(seed)
    per = max(1, n // len(by_structure))
    return [s for group in by_structure.values() for s in rng.sample(group, min(per, len(group)))]


def _k(risk_type: str) -> str:
    return {SI: "si", HI: "hi", SH: "sh"}[risk_type]


def _join(items: list[str], connector: str) -> str:
    if connector in (", ", ", or ") and len(items) > 2:
        last = " or " if connector == ", or " else ", "
        return ", ".join(items[:-1]) + last + items[-1]
    return connector.join(items)


# --- scoring ------------------------------------------------------------------------------


def engine_statuses(text: str) -> dict[str, str]:
    from notewell.core.extract.pipeline import extract_facts

    facts = extract_facts(text)
    return {t: facts.risk[t].status for t in TYPES}


def score(statements: list[Statement], statuses=engine_statuses) -> dict:
    per_structure: dict[str, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    errors = []
    for statement in statements:
        pred = statuses(statement.text)
        for risk_type in TYPES:
            gold, got = statement.gold[risk_type], pred[risk_type]
            ok = gold == got
            per_structure[statement.structure][ok] += 1
            counts["right" if ok else "wrong"] += 1
            if gold == "endorsed" and got != "endorsed":
                counts["missed_endorsements"] += 1
            if got == "endorsed" and gold != "endorsed":
                counts["false_endorsements"] += 1
            if got == "denied" and gold == "not_assessed":
                counts["invented_denials"] += 1
            if not ok:
                errors.append(
                    {
                        "structure": statement.structure,
                        "text": statement.text,
                        "type": risk_type,
                        "gold": gold,
                        "pred": got,
                    }
                )
    judged = counts["right"] + counts["wrong"]
    return {
        "statements": len(statements),
        "accuracy": counts["right"] / judged if judged else 0.0,
        "missed_endorsements": counts["missed_endorsements"],
        "false_endorsements": counts["false_endorsements"],
        "invented_denials": counts["invented_denials"],
        "per_structure": {
            k: {"judged": c[True] + c[False], "accuracy": c[True] / (c[True] + c[False])}
            for k, c in sorted(per_structure.items())
        },
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="score a stratified sample of about N statements")
    ap.add_argument("--errors", type=int, default=30, help="wrong statuses to list")
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON")
    args = ap.parse_args(argv)
    statements = sample(args.limit) if args.limit else grid()
    start = time.perf_counter()
    result = score(statements)
    result["seconds"] = time.perf_counter() - start
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"statements {result['statements']}: accuracy {result['accuracy']:.4f}; missed endorsements "
        f"{result['missed_endorsements']}, false endorsements {result['false_endorsements']}, "
        f"invented denials {result['invented_denials']} ({result['seconds']:.0f} s)"
    )
    for name, v in result["per_structure"].items():
        print(f"  {name:<22} {v['judged'] // 3:6d} statements  accuracy {v['accuracy']:.4f}")
    for e in result["errors"][: args.errors]:
        print(
            f"  {e['structure']:<20} {e['type']:<18} gold={e['gold']:<12} pred={e['pred']:<12} {e['text']!r}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
