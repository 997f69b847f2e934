"""Scoring extractions and answers against hand-made labels (CONTRACT.md) and the evaluation
command.
"""
