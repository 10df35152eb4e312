"""Use cases shared by the CLI and the web app; file I/O lives here, never in the core."""
