"""The one risk reader: suicidal ideation, homicidal ideation and self-harm, for drafts
and for the checker alike.

Two layers, both fed by the vocabulary in `core/lexicons/data/` (risk_targets.yaml,
risk_structures.yaml, context_rules.yaml):

- structures (`structures`): label-value template lines, ticked checkboxes and the
  scope of a negation over a coordinated list decide the status of the concepts they
  hold, whatever ConText makes of the words;
- narrative (`reader`): medspaCy's TargetMatcher finds mentions in the remaining
  prose and ConText gives them their context (negated, historical, hypothetical,
  someone else's), corrected where therapy language differs (`context`).
"""
