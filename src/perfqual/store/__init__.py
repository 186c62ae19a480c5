"""The lessons-learned store (retour d'expérience): embedded DuckDB, versioned schema.

* :mod:`perfqual.store.record` — the pseudonymous rows one operation contributes;
* :mod:`perfqual.store.schema` — the versioned schema and its migrations;
* :mod:`perfqual.store.db` — atomic ingest, removal, consistent reads;
* :mod:`perfqual.store.gather` — runs the QA modules on an operation folder and gathers their
  results (used by the operation report and by the ingest).
"""
