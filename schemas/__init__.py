"""Pydantic models: the public extraction contract, model-facing schemas and HTTP bodies."""
