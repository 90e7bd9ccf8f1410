"""From `SessionFacts` to a `Draft` in a chosen note format."""
