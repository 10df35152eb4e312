"""Command line: parse options, call services, print, set the exit code."""
