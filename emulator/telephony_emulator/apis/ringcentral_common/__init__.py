"""What both RingCentral surfaces share: RingOut sessions, fax messages and dialing rules."""
