"""pipeline layer: paths, params.yaml, the stage runner, validation; it wires plan, engine and report."""
