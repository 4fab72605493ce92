"""`python -m helpers.pipeline <stage> <locality>`: see helpers.pipeline.runner."""

from helpers.pipeline.runner import main

main()
