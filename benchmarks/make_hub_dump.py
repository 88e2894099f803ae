"""Write a Hub-shaped model-card dump with the real schema of ``librarian-bots/model_cards_with_metadata``.

    python benchmarks/make_hub_dump.py OUT.parquet [--models 2000000] [--seed 1]

Shape (like the Hub's): ~40% of the models derived; one base with ~10^5 derivatives; merges of 2-9 parents and
one of 300; a depth tail of ~60 (a chain); derivation cycles; parents missing from the dump; licences the
knowledge base knows, ``other`` named by ``license_name``, and undeclared ones; cards with YAML front matter.
Generated inside DuckDB (pseudo-random by hashing the row number), so 2M rows take seconds, not minutes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

LICENCES = ["apache-2.0", "mit", "llama3.1", "llama3", "gemma", "qwen", "cc-by-nc-4.0", "openrail", "llama2",
            "cc-by-4.0", "bsd-3-clause", "other", "deepseek", "llama3.2", "creativeml-openrail-m", "gpl-3.0"]
RELATIONS = ["finetune", "finetune", "quantized", "adapter", "finetune", "quantized", "adapter", "finetune"]


def make_dump(out: Path, models: int = 2_000_000, seed: int = 1) -> Path:
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    n = models
    originals = int(n * 0.6)
    fan = min(100_000, (n - originals) // 4)
    lic = "[" + ", ".join(f"'{v}'" for v in LICENCES) + "]"
    rel = "[" + ", ".join(f"'{v}'" for v in RELATIONS) + "]"
    con.execute(f"""
    CREATE TABLE m AS
    SELECT i,
           CASE WHEN i % 997 = 0 THEN 'meta-llama' WHEN i % 991 = 0 THEN 'google' WHEN i % 983 = 0 THEN 'qwen'
                ELSE 'org' || (hash(i * 31 + {seed}) % 50000)::VARCHAR END || '/model-' || i::VARCHAR AS model_id,
           CASE WHEN hash(i * 7 + {seed}) % 20 = 0 THEN NULL
                ELSE {lic}[1 + (hash(i * 11 + {seed}) % {len(LICENCES)})::INT] END AS licence
    FROM range({n}) t(i)
    """)
    # Parents: the fan-out base (model 0), uniformly earlier models, merges, the deep chain, cycles, missing parents.
    con.execute(f"""
    CREATE TABLE p AS
    WITH d AS (SELECT i FROM range({originals}, {n}) t(i)),
    single AS (
      SELECT i AS child,
             CASE WHEN i < {originals + fan} THEN 0
                  WHEN i >= {n - 60} THEN i - 1
                  ELSE (hash(i * 13 + {seed}) % i)::BIGINT END AS parent,
             {rel}[1 + (hash(i * 17 + {seed}) % {len(RELATIONS)})::INT] AS relation
      FROM d WHERE hash(i * 19 + {seed}) % 20 <> 0 OR i >= {n - 60} OR i < {originals + fan}
    ),
    merges AS (
      SELECT i AS child, (hash(i * 23 + k + {seed}) % i)::BIGINT AS parent, 'merge' AS relation
      FROM d, range(CASE WHEN i = {n - 61} THEN 300 ELSE 2 + (hash(i * 29 + {seed}) % 8)::INT END) r(k)
      WHERE (hash(i * 19 + {seed}) % 20 = 0 OR i = {n - 61}) AND i < {n - 60} AND i >= {originals + fan}
    ),
    cycles AS (
      SELECT a AS child, b AS parent, 'finetune' AS relation FROM (VALUES (1, 2), (2, 1), (3, 4), (4, 5), (5, 3)) v(a, b)
    )
    SELECT * FROM single UNION ALL SELECT * FROM merges UNION ALL SELECT * FROM cycles
    """)
    con.execute(f"""
    CREATE TABLE tagged AS
    SELECT p.child,
           list(DISTINCT 'base_model:' || pm.model_id) || list(DISTINCT 'base_model:' || p.relation || ':' || pm.model_id)
             AS base_tags,
           list(DISTINCT pm.model_id) AS bases,
           CASE WHEN count(DISTINCT p.parent) > 1 THEN NULL ELSE min(p.relation) END AS relation
    FROM p JOIN m pm ON pm.i = p.parent
    GROUP BY p.child
    UNION ALL  -- parents the dump does not have
    SELECT i, ['base_model:gone/parent-' || i::VARCHAR, 'base_model:finetune:gone/parent-' || i::VARCHAR],
           ['gone/parent-' || i::VARCHAR], 'finetune'
    FROM range({originals}, {n}) t(i) WHERE hash(i * 37 + {seed}) % 100 = 0
    """)
    con.execute("CREATE TABLE t AS SELECT child, flatten(list(base_tags)) AS base_tags, flatten(list(bases)) AS bases, "
                "min(relation) AS relation FROM tagged GROUP BY child")
    con.execute(f"""
    COPY (
      SELECT m.model_id AS modelId,
             split_part(m.model_id, '/', 1) AS author,
             TIMESTAMPTZ '2025-06-01 00:00:00+00' - to_seconds((hash(m.i) % 50000000)::BIGINT) AS last_modified,
             (hash(m.i * 3) % 100000)::BIGINT AS downloads,
             (hash(m.i * 5) % 500)::BIGINT AS likes,
             'transformers' AS library_name,
             ['transformers', 'safetensors', 'text-generation']
               || CASE WHEN m.licence IS NULL THEN [] ELSE ['license:' || m.licence] END
               || coalesce(t.base_tags, []) AS tags,
             'text-generation' AS pipeline_tag,
             TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds((hash(m.i * 9) % 30000000)::BIGINT) AS createdAt,
             '---' || chr(10)
               || CASE WHEN m.licence IS NULL THEN '' ELSE 'license: ' || m.licence || chr(10) END
               || CASE WHEN m.licence = 'other' THEN 'license_name: ' ||
                    ['deepseek', 'llama3.1', 'custom-research-licence', 'meta-llama-license'][1 + (hash(m.i) % 4)::INT]
                    || chr(10) ELSE '' END
               || CASE WHEN t.bases IS NULL THEN ''
                       ELSE 'base_model:' || chr(10) || '- ' || array_to_string(t.bases, chr(10) || '- ')
                            || chr(10) END
               || CASE WHEN t.relation IS NULL THEN '' ELSE 'base_model_relation: ' || t.relation || chr(10) END
               || 'library_name: transformers' || chr(10) || '---' || chr(10) || chr(10)
               || '# ' || split_part(m.model_id, '/', 2) || chr(10) || chr(10)
               || 'This model card was generated for a benchmark. It describes the model, its intended uses, '
               || 'limitations and training procedure in a few sentences, as a short Hub card does.' || chr(10)
               AS card
      FROM m LEFT JOIN t ON t.child = m.i
    ) TO '{out}' (FORMAT parquet, ROW_GROUP_SIZE 100000)
    """)
    con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--models", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    make_dump(args.out, args.models, args.seed)
    size = args.out.stat().st_size / 2**20
    print(f"wrote {args.out}: {args.models:,} models, {size:.0f} MiB, in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
