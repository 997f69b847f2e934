"""Questions answered from stored articles: retrieval, answers built from facts, answers from text,
and the checks an answer must pass.
"""
