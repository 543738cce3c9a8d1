"""BXML: Bandwidth's call-control XML, parsed into typed verbs and run on a call."""
