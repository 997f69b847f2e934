"""Language knowledge: text cleaning and sentences, names, places and the gazetteer, dates,
numbers, and the lexicon of word lists and patterns. Imports nothing else of the service.
"""
