"""Tests of extraction: verification, the pipeline on recorded model answers, jobs and faults."""
