"""The model boundary: the OpenAI-compatible client (the only importer of openai and instructor),
the embedded llama.cpp server, its engine build and model files, the prompts and grammars.
"""
