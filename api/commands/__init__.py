"""Command lines: administration on the database (keys, jobs, workers) and a client of the running
service.
"""
