"""`python -m emulator` runs the command-line entry point."""

from emulator.cli import main

raise SystemExit(main())
