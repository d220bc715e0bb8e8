"""Event exports in formats other tools already read: GDELT 2.0 event files and POLECAT's PLOVER records."""
