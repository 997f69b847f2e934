"""From an article to verified facts: sentence selection, the model calls, verification against the
text, merging; the extraction service, its queue and re-extraction jobs.
"""
