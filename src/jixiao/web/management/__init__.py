"""Management commands of the web app (`jixiao manage …`)."""
