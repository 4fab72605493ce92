"""plan-review helpers: everything the pipeline notebooks call lives here."""
