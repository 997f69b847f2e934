"""Tests of the language package: sentences written for each rule."""
