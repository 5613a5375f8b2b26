"""The command line: parse arguments → public API → render → exit code."""
