"""Rules as dated data: load, validate and look up rule sets; infer which one applies."""
