"""Tests of answering: answers from facts and text, recorded questions, knowledge across articles."""
