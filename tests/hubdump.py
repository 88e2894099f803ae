"""Hub-shaped model-card dumps for the index tests and benchmarks: the real schema of
``librarian-bots/model_cards_with_metadata`` (modelId, author, last_modified, downloads, likes, library_name,
tags, pipeline_tag, createdAt, card), written as Parquet with DuckDB."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LICENCES = ["apache-2.0", "mit", "llama3.1", "llama3", "gemma", "qwen", "cc-by-nc-4.0", "openrail", "deepseek",
            "cc-by-4.0", "llama2", "bsd-3-clause"]
RELATIONS = ["finetune", "adapter", "merge", "quantized"]


@dataclass
class Row:
    model_id: str
    license: str | list[str] | None = None
    bases: Sequence[str] = ()
    relation: str | None = None  # the card's base_model_relation
    tag_relation: str | None = None  # written into the base_model tags
    license_name: str | None = None
    license_link: str | None = None
    extra_tags: Sequence[str] = ()
    body: str = ""
    last_modified: dt.datetime = field(default_factory=lambda: dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))

    def card_data(self) -> dict[str, object]:
        card: dict[str, object] = {}
        if self.license is not None:
            card["license"] = self.license
        if self.license_name:
            card["license_name"] = self.license_name
        if self.license_link:
            card["license_link"] = self.license_link
        if self.bases:
            card["base_model"] = list(self.bases) if len(self.bases) > 1 else self.bases[0]
        if self.relation:
            card["base_model_relation"] = self.relation
        return card

    def tags(self) -> list[str]:
        out = list(self.extra_tags)
        licences = self.license if isinstance(self.license, list) else [self.license] if self.license else []
        out += [f"license:{v}" for v in licences]
        for base in self.bases:
            out.append(f"base_model:{base}")
            rel = self.tag_relation or self.relation
            if rel:
                out.append(f"base_model:{rel}:{base}")
        return out

    def card(self) -> str:
        data = self.card_data()
        head = f"---\n{yaml.safe_dump(data, sort_keys=False)}---\n" if data else ""
        return head + (self.body or f"# {self.model_id.split('/')[-1]}\n")

    def as_tuple(self) -> tuple[object, ...]:
        author = self.model_id.split("/")[0] if "/" in self.model_id else None
        return (self.model_id, author, self.last_modified, 10, 1, "transformers", self.tags(), "text-generation",
                self.last_modified, self.card())


COLUMNS = ("modelId VARCHAR, author VARCHAR, last_modified TIMESTAMP WITH TIME ZONE, downloads BIGINT, likes BIGINT, "
           "library_name VARCHAR, tags VARCHAR[], pipeline_tag VARCHAR, createdAt TIMESTAMP WITH TIME ZONE, card VARCHAR")


def write_dump(path: Path, rows: Iterable[Row | tuple[object, ...]], columns: str = COLUMNS) -> Path:
    """Rows -> Parquet, through newline-delimited JSON that DuckDB reads with the given column types (DuckDB's
    executemany is far too slow for the benchmark's millions of rows)."""
    import json

    import duckdb

    names = [c.strip().split(" ", 1)[0] for c in columns.split(",")]
    types = {c.strip().split(" ", 1)[0]: c.strip().split(" ", 1)[1] for c in columns.split(",")}
    staging = path.with_suffix(".jsonl")
    with staging.open("w", encoding="utf-8") as out:
        for r in rows:
            values = r.as_tuple() if isinstance(r, Row) else r
            out.write(json.dumps(dict(zip(names, values, strict=True)), default=str) + "\n")
    con = duckdb.connect()
    try:
        spec = "{" + ", ".join(f"'{n}': '{t}'" for n, t in types.items()) + "}"
        con.execute(f"COPY (SELECT * FROM read_json('{staging}', format = 'newline_delimited', columns = {spec})) "
                    f"TO '{path}' (FORMAT parquet)")
    finally:
        con.close()
        staging.unlink()
    return path


def random_graph(n: int, seed: int = 7, *, derived: float = 0.4, cycles: int = 3, missing: int = 5,
                 max_depth: int = 6) -> list[Row]:
    """A Hub-shaped graph of ``n`` models: originals under known licences (some by their licensors), derivatives
    (fine-tunes, adapters, quants, merges, a few distillations), relicensing by the same publisher, ``other``
    licences named by license_name, undeclared licences, cycles and parents the dump does not have."""
    rnd = random.Random(seed)
    orgs = [f"org{i}" for i in range(max(3, n // 40))] + ["meta-llama", "google", "qwen", "deepseek-ai"]
    rows: list[Row] = []
    depth: dict[str, int] = {}
    originals = max(1, int(n * (1 - derived)))
    for i in range(originals):
        org = rnd.choice(orgs)
        lic: str | None = rnd.choice(LICENCES)
        name, link = None, None
        if rnd.random() < 0.05:
            lic, name = "other", rnd.choice(["deepseek", "llama3.1", "some-custom-licence", "meta-llama-license"])
        elif rnd.random() < 0.05:
            lic = None
        row = Row(f"{org}/base-{i}", lic, license_name=name, license_link=link)
        rows.append(row)
        depth[row.model_id] = 0
    for i in range(n - originals):
        org = rnd.choice(orgs)
        pool = [r for r in rows[-2000:] if depth[r.model_id] < max_depth] or rows
        relation = rnd.choices([*RELATIONS, "distillation"], weights=[50, 20, 8, 20, 2])[0]
        k = rnd.randint(2, 4) if relation == "merge" else 1
        parents = list(dict.fromkeys(rnd.choice(pool).model_id for _ in range(k)))
        if len(parents) == 1 and relation == "merge":
            relation = "finetune"
        lic = rnd.choice([*LICENCES, None, None, "same"])
        first = next(r for r in rows if r.model_id == parents[0]) if rnd.random() < 0.3 else None
        if lic == "same":
            lic = first.license if first is not None and isinstance(first.license, str) else "apache-2.0"
        if rnd.random() < 0.2 and first is not None:  # same publisher as the parent: may relicense
            org = first.model_id.split("/")[0]
        row = Row(f"{org}/d-{i}", lic, parents, relation if rnd.random() < 0.5 else None,
                  tag_relation=relation)
        if lic == "other":
            row.license_name = rnd.choice(["llama3", "unknown-thing"])
        rows.append(row)
        depth[row.model_id] = 1 + max(depth.get(p, 0) for p in parents)
    for c in range(cycles):
        a, b = f"cyc{c}/a", f"cyc{c}/b"
        rows.append(Row(a, "mit", [b], "finetune"))
        rows.append(Row(b, "apache-2.0", [a], "finetune"))
        rows.append(Row(f"cyc{c}/below", None, [a], "finetune"))
    for m in range(missing):
        rows.append(Row(f"orphans/o-{m}", "apache-2.0", [f"gone/parent-{m}"], "finetune"))
    return rows
