"""`python -m telephony_emulator` runs the command-line entry point."""

from telephony_emulator.cli import main

raise SystemExit(main())
