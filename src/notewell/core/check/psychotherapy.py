"""`record-content-in-psychotherapy-note`: content HIPAA excludes from psychotherapy notes.

45 CFR 164.501 excludes medication prescription and monitoring, session start and stop
times, modalities and frequencies of treatment, results of clinical tests, and summaries
of diagnosis, functional status, treatment plan, symptoms, prognosis and progress. Such
content belongs in the record, whoever it is about: "Client's mother was prescribed
sertraline" is still medication content. One finding per passage, naming the category.
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.models import Finding

_MEDICATIONS = (
    "sertraline|zoloft|fluoxetine|prozac|escitalopram|lexapro|citalopram|celexa|paroxetine|paxil"
    "|fluvoxamine|bupropion|wellbutrin|venlafaxine|effexor|desvenlafaxine|pristiq|duloxetine"
    "|cymbalta|mirtazapine|remeron|trazodone|vortioxetine|trintellix|vilazodone|amitriptyline"
    "|nortriptyline|lithium|lamotrigine|lamictal|valproate|depakote|divalproex|carbamazepine"
    "|oxcarbazepine|quetiapine|seroquel|aripiprazole|abilify|risperidone|risperdal|olanzapine"
    "|zyprexa|ziprasidone|lurasidone|latuda|clozapine|haloperidol|cariprazine|vraylar|brexpiprazole"
    "|clonazepam|klonopin|lorazepam|ativan|alprazolam|xanax|diazepam|valium|buspirone|buspar"
    "|hydroxyzine|vistaril|prazosin|propranolol|clonidine|guanfacine|methylphenidate|ritalin"
    "|concerta|amphetamine|adderall|lisdexamfetamine|vyvanse|atomoxetine|strattera|zolpidem|ambien"
    "|gabapentin|naltrexone|buprenorphine|suboxone|methadone|disulfiram|acamprosate|esketamine"
    "|spravato|ketamine|melatonin"
)
CATEGORIES: dict[str, str] = {
    "medication": (
        rf"{_MEDICATIONS}|medications?|meds|prescri\w+|rx|dos(?:e|es|age|ing)|\d+\s?mg|titrat\w*"
        r"|refills?|side[- ]effects?|ssris?|snris?|antidepressants?|antipsychotics?|benzodiazepines?"
        r"|stimulants?|mood stabili[sz]ers?|psychiatric (?:med\w*|provider)|psychiatrist|(?:med\w*|"
        r"treatment) (?:adherence|compliance)"
    ),
    "session start and stop times": (
        r"\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:-|–|—|to|until)\s*\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
        r"|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:-|–|—|to|until)\s*\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?"
        r"|(?:start|stop|end)(?:ed|ing)?(?: time)?\s*(?::|at)\s*\d{1,2}(?::\d{2})?"
        r"|(?:session|appointment) (?:began|started|ended|lasted)(?: at| for)?\s*\d{1,3}"
        r"|\d{1,3}[- ]?(?:minutes?|mins?) (?:session|visit|appointment)"
    ),
    "modality and frequency of treatment": (
        r"(?:individual|group|family|couples?|conjoint) (?:psycho)?therapy|(?:individual|group|family)"
        r" sessions?|telehealth|video (?:session|visit)|in[- ]person (?:session|visit)|weekly"
        r"|bi-?weekly|fortnightly|monthly|twice (?:a|per) (?:week|month)|every (?:other )?week"
        r"|(?:\d+|once|twice) (?:a|per) (?:week|month)|frequency of (?:sessions|treatment)"
        r"|(?:cbt|dbt|emdr|act|ipt|tf-cbt|cpt|prolonged exposure) (?:sessions?|treatment|protocol"
        r"|therapy)|(?:continue|start|begin|switch to|add) (?:weekly |biweekly )?(?:cbt|dbt|emdr|act"
        r"|ipt|tf-cbt|exposure therapy|group|family therapy)|cpt (?:code )?90\d{3}|90\d{3}"
    ),
    "clinical test results": (
        r"(?:phq-?9|phq-?2|gad-?7|pcl-?5|bdi(?:-ii)?|bai|c-?ssrs|moca|mmse|y-?bocs|asrs|mdq|epds"
        r"|audit(?:-c)?|dast(?:-10)?|cage|ors|srs|pss|dass(?:-21)?|ace score)\b[^.\n]{0,20}?\d+"
        r"|(?:phq-?9|gad-?7|pcl-?5|bdi-ii|c-?ssrs|moca|mmse|y-?bocs)|(?:test|screening|assessment|lab)"
        r" results?|scored? (?:of |a )?\d+|score (?:of|was|=|:)\s*\d+|(?:positive|negative) screen"
    ),
    "diagnosis": (
        r"diagnos\w*|dx|meets? criteria|dsm(?:-5(?:-tr)?)?|icd-?10|[fz]\d\d(?:\.\d+)?|\w+ disorder"
        r"|(?-i:MDD|GAD|PTSD|OCD|ADHD|BPD|SUD|AUD)|rule[- ]out|r/o|comorbid\w*|provisional"
    ),
    "functional status": (
        r"functional status|function(?:ing)? (?:at|in) (?:work|school|home)|(?:occupational|social"
        r"|academic|daily) functioning|adls?|activities of daily living|(?:missed|missing) (?:\w+ )?"
        r"(?:work|school|days)|(?:unable|able) to (?:work|attend (?:work|school)|perform|complete "
        r"(?:daily|household))|gaf|whodas|impairment in|on (?:medical |disability )?leave"
    ),
    "treatment plan": (
        r"treatment plan|tx plan|plan of care|treatment goals?|goal (?:#\s*)?\d|objective (?:#\s*)?\d"
        r"|continue (?:current )?(?:treatment|therapy|sessions|plan)|referr?(?:al|ed) (?:to|for)"
        r"|discharge (?:plan|planning)|(?:increase|decrease) (?:session )?frequency|next appointment"
        r"|homework assigned|safety plan"
    ),
    "symptoms": (
        r"symptoms?|(?-i:SI|HI)|suicidal|homicidal|self-harm|panic attacks?|insomnia|hypersomnia"
        r"|anhedonia|hallucinat\w*|delusion\w*|psychosis|psychotic|mental status|mse|(?:flat|blunted"
        r"|restricted|constricted|labile|euthymic|dysthymic|congruent|incongruent) affect|affect (?:was"
        r" |is )?(?:flat|blunted|restricted|constricted|labile|euthymic|congruent)|mood (?:was |is )?"
        r"(?:euthymic|depressed|dysphoric|irritable|elevated)|(?:appetite|sleep) (?:disturbance"
        r"|disruption|changes?|problems)|(?:denies|denied|endorses|endorsed) \w+"
    ),
    "prognosis": r"prognosis|prognostic|expected to (?:improve|recover|remit)|likely to (?:recover|relapse)",
    "progress": (
        r"progress (?:toward|towards|to|on|in|note|to date)|(?:made|making|shows?|showed|showing"
        r"|demonstrat\w+) (?:\w+ )?progress|partial progress|goals? (?:met|achieved|partially met)"
        r"|(?:improved|improvement) (?:since|from|in (?:symptoms|mood|functioning))|symptom reduction"
    ),
}
_PATTERNS = {
    name: re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
    for name, body in CATEGORIES.items()
}


def check_psychotherapy(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for category, pattern in _PATTERNS.items():
        for match in pattern.finditer(ctx.text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue  # one finding per passage; the first category that claims it wins
            taken.append(span)
            findings.append(
                finding(
                    "record-content-in-psychotherapy-note",
                    f"Record content in a psychotherapy note ({category}): '{match.group(0)}'.",
                    span,
                    f"Move {category} to the progress note (the record); psychotherapy notes hold "
                    "only private impressions, hypotheses and questions to explore.",
                )
            )
    return sorted(findings, key=lambda f: f.span or (0, 0))
