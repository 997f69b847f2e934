"""Facts across articles: canonical places and merged partnerships, visits and alliances, each with
all its sources.
"""
