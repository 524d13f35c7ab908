"""Pure rules and vocabulary: records and `now` in, answers out. No Textual, no database, no I/O."""
