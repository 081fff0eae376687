"""The `tthc` command line: argument parsing, sub-commands and terminal rendering (kb stays a library)."""
