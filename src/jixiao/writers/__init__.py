"""Writers: results → bytes or files, one module per format."""
