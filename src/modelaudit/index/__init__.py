"""The whole Hub as an embedded index: the model-card dump -> models, licences, edges, effective licences and
mismatches in one DuckDB file, built by portable SQL (``rules/sql``) on DuckDB or Spark.

DuckDB (and pyspark) are imported only inside this package.
"""
