"""plan layer: the raw-data contract, the text grammar, the indicator model and their vocabularies.

The plan layer knows no project layout: its readers and writers take folders (the pipeline layer passes
`paths.raw_dir(id)`, `paths.processed_dir(id)`).
"""
