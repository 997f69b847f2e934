"""The database: tables, one repository per aggregate (documents, extractions and facts, jobs,
keys), the sentence search index, migrations.
"""
