"""The Litestar service: settings, storage, the model boundary, extraction and HTTP controllers."""
