"""From session input to `SessionFacts`: readers, service details, segments, risk."""
