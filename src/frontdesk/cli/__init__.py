"""The command line: the parser, one module per command group, one-line errors."""
