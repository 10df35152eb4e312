"""`jixiao manage apitoken` and the other commands the web app adds."""
