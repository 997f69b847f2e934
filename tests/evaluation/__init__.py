"""Tests of scoring and the evaluation command."""
