"""`python -m helpers.pipeline <stage> <locality>`: see helpers.pipeline.runner;
`python -m helpers.pipeline render <locality>`: see helpers.pipeline.render_stage."""

import sys

if sys.argv[1:2] == ["render"]:
    from helpers.pipeline.render_stage import main

    main(sys.argv[2:])
else:
    from helpers.pipeline.runner import main

    main()
