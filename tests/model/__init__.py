"""Tests of the model boundary: the client, grammars, model files, the embedded server, prompts and schemas."""
