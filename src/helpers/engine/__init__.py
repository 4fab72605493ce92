"""engine layer: rules, projections, judgements, proposals and plan checks (numbers and codes only; see evaluate)."""
