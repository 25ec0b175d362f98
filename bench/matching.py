"""Matching benchmark: quality on real owners (GEM), speed at 3,000 and 100,000 organizations.

Usage: ``python bench/matching.py [--sample N] [--seed S] [--full] [--quick]
[--skip-quality] [--skip-speed] [--sizes 3000,100000] [--queries N]`` (wired as ``sanxin bench
matching``); prints one JSON object.

Quality: each owner in ``../shared/data/gem/`` gets a profile built from its *other* projects
(their names in English and the local script, technology, fuel and plant details, place;
never the owner's name, operator or parent); one project's owner is hidden and every owner is
ranked for that project. Reported: hit@1/5/10 (recall@10: one right answer per query), MRR,
for the full engine and for keyword-only, structure-only, embeddings-only and popularity
baselines measured in the same run on the same sample; plus cross-lingual runs (an English or
Vietnamese project text against owners whose profiles are Chinese only). Embeddings are cached
in ``var/cache/matching-bench/`` so a rerun embeds only new texts.

Speed: synthetic organizations (random unit vectors, capabilities, regions, texts) at each
size; p50/p95 of a top-20 partner query with its reasons, column build, index save/load, and
loading 100,000 stored per-record embeddings; plus e5 throughput on 2 threads.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from sanxin.engines.matching import E5_MODEL, RecordEmbedding, VectorIndex, Weights
from sanxin.engines.matching.corpus import Corpus, Item
from sanxin.engines.matching.embed import normalise_rows
from sanxin.engines.matching.reasons import build as build_reasons
from sanxin.engines.matching.scoring import Query, compute, top
from sanxin.engines.matching.taxonomy import Taxonomy
from sanxin.engines.matching.text import features

ROOT = Path(__file__).resolve().parents[1]
GEM = ROOT.parent / "shared" / "data" / "gem"
CACHE = ROOT / "var" / "cache" / "matching-bench"
PLACEHOLDER = re.compile(r"^(to be determined|tbd|others?|unknown|publicly traded shares|n/a)$")
TAXONOMY = Taxonomy(
    parents={
        "power": None,
        "thermal": "power",
        "low-carbon": "power",
        "coal": "thermal",
        "oil/gas": "thermal",
        "bioenergy": "thermal",
        "hydro": "low-carbon",
        "nuclear": "low-carbon",
    }
)
TECH_WORDS = {  # what the technology is called in each language (not a name: a kind of plant)
    "coal": ("coal-fired power station", "燃煤电厂", "nhà máy nhiệt điện than"),
    "hydro": ("hydroelectric plant", "水电站", "nhà máy thủy điện"),
    "nuclear": ("nuclear power plant", "核电站", "nhà máy điện hạt nhân"),
    "oil/gas": ("gas-fired power station", "燃气电厂", "nhà máy nhiệt điện khí"),
    "bioenergy": (
        "biomass and waste-to-energy power station",
        "生物质发电厂",
        "nhà máy điện sinh khối",
    ),
}
# Province names in Chinese, for the Chinese-only profiles of the cross-lingual check.
ZH_PROVINCES = dict(
    pair.rsplit(" ", 1)
    for pair in (  # noqa: SIM905 - a table reads best as text
        "Anhui 安徽|Beijing 北京|Chongqing 重庆|Fujian 福建|Gansu 甘肃|Guangdong 广东|"
        "Guangxi 广西|Guizhou 贵州|Hainan 海南|Hebei 河北|Heilongjiang 黑龙江|Henan 河南|"
        "Hubei 湖北|Hunan 湖南|Inner Mongolia 内蒙古|Jiangsu 江苏|Jiangxi 江西|Jilin 吉林|"
        "Liaoning 辽宁|Ningxia 宁夏|Qinghai 青海|Shaanxi 陕西|Shandong 山东|Shanghai 上海|"
        "Shanxi 山西|Sichuan 四川|Tianjin 天津|Tibet 西藏|Xinjiang 新疆|Yunnan 云南|"
        "Zhejiang 浙江|Hong Kong 香港|Taiwan 台湾"
    ).split("|")
)
DETAILS = {  # per-tracker columns that describe the plant (never owner, operator or parent)
    "coal": ("gem_coal_CHN_VNM.csv", "Plant name", ("Plant name (other)", "Combustion technology",
             "Coal type", "Location", "Major area (prefecture, district)")),
    "hydro": ("gem_hydro_CHN_VNM.csv", "Project Name", ("Other name(s)", "Technology Type",
              "River / Watercourse", "City 1", "Major Area 1")),
    "nuclear": ("gem_nuclear_CHN_VNM.csv", "Project Name", ("Reactor Type", "Model", "City",
                "Major Area (prefecture, district)")),
    "oil/gas": ("gem_oilgas_CHN_VNM.csv", "Plant name", ("Other Name(s)", "Fuel",
                "Turbine/Engine Technology", "City", "Major area (prefecture, district)")),
    "bioenergy": ("gem_bioenergy_CHN_VNM.csv", "Project Name", ("Other Name(s)", "Fuel", "City",
                  "Major Area (prefecture, district)")),
}  # fmt: skip


def split_owners(cell: str) -> list[str]:
    names = [re.sub(r"\s*\[[^\]]*\]\s*$", "", part).strip() for part in cell.split(";")]
    return [n for n in names if n and not PLACEHOLDER.match(n.casefold())]


def load_projects() -> list[dict]:
    details: dict[tuple[str, str], list[str]] = {}
    for tech, (name, key, cols) in DETAILS.items():
        with (GEM / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                got = details.setdefault((tech, row[key]), [])
                for col in cols:
                    value = (row.get(col) or "").strip()
                    if value and value not in got and value.lower() not in ("unknown", "not found"):
                        got.append(value)
    projects: dict[tuple[str, str, str], dict] = {}
    with (GEM / "gem_units_CHN_VNM_normalised.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["tech"], row["country"], row["project"])
            p = projects.setdefault(
                key,
                {
                    "id": "|".join(key),
                    "tech": row["tech"],
                    "country": row["country"],
                    "name": row["project"],
                    "local": row["project_local"],
                    "province": re.sub(r"\s+province$", "", row["province"], flags=re.I),
                    "mw": 0.0,
                    "owners": [],
                    "details": details.get((row["tech"], row["project"]), [])[:6],
                },
            )
            p["mw"] += float(row["mw"] or 0)
            for owner in split_owners(row["owner"]):
                if owner not in p["owners"]:
                    p["owners"].append(owner)
    return list(projects.values())


def project_text(p: dict, lang: str = "all") -> str:
    en, zh, vi = TECH_WORDS[p["tech"]]
    place = ", ".join(x for x in (p["province"], p["country"]) if x)
    if lang == "en":
        return f"{p['name']}: {en} in {place}, {p['mw']:.0f} MW."
    if lang == "zh":
        return f"{p['local'] or p['name']}，{ZH_PROVINCES.get(p['province'], p['province'])}{zh}。"
    if lang == "vi":
        return f"{vi} {p['name']}, tỉnh {p['province']}, công suất {p['mw']:.0f} MW."
    extra = "; ".join(p["details"])
    local = f" ({p['local']})" if p["local"] else ""
    return f"{p['name']}{local}: {en} in {place}, {p['mw']:.0f} MW. {extra}".strip()


class Embeddings:
    """e5 vectors with an on-disk cache keyed by model, prefix and text."""

    def __init__(self, cache: Path | None) -> None:
        self.cache = cache
        self.store: dict[str, np.ndarray] = {}
        self.model = None
        self.embedded = 0
        self.seconds = 0.0
        if cache and (cache / "vectors.npz").exists():
            with np.load(cache / "vectors.npz") as data:
                self.store = {k: data[k] for k in data.files}

    def get(self, texts: list[str], *, query: bool) -> np.ndarray:
        keys = [hashlib.sha256(f"{E5_MODEL}|{query}|{t}".encode()).hexdigest() for t in texts]
        todo = sorted({(k, t) for k, t in zip(keys, texts, strict=True) if k not in self.store})
        if todo:
            if self.model is None:
                from sanxin.engines.matching import E5Embedder

                self.model = E5Embedder(threads=2)
            t0 = time.perf_counter()
            for start in range(0, len(todo), 64):
                chunk = todo[start : start + 64]
                run = self.model.query if query else self.model.passage
                for (k, _), v in zip(chunk, run([t for _, t in chunk]), strict=True):
                    self.store[k] = v
            self.seconds += time.perf_counter() - t0
            self.embedded += len(todo)
            self.save()
        return np.stack([self.store[k] for k in keys])

    def save(self) -> None:
        if self.cache:
            self.cache.mkdir(parents=True, exist_ok=True)
            np.savez(self.cache / "vectors.npz", **self.store)


def owner_item(owner: str, projects: list[dict], vectors: dict[str, np.ndarray], lang: str):
    texts = [project_text(p, lang) for p in projects]
    sizes = [p["mw"] for p in projects if p["mw"] > 0]
    item = Item(
        id=owner,
        kind="organization",
        owner=owner,
        text="\n".join(texts),
        provides=frozenset(p["tech"] for p in projects),
        country=Counter(p["country"] for p in projects).most_common(1)[0][0],
        countries=frozenset(p["country"] for p in projects),
        provinces=frozenset(p["province"] for p in projects if p["province"]),
        size_mw=statistics.median(sizes) if sizes else None,
    )
    sent = np.stack([vectors[p["id"]] for p in projects])
    passage = normalise_rows(sent.mean(axis=0))
    return item, RecordEmbedding(E5_MODEL, passage, passage, tuple(texts), sent)


VARIANTS = {
    "full": Weights(),
    "role_weights": Weights.for_roles(),
    "keywords_only": Weights(0, 1, 0, 0, 0, 0),
    "embeddings_only": Weights(1, 0, 0, 0, 0, 0),
    "structure_only": Weights(0, 0, 0.10, 0.10, 0.05, 0),
    "text_only": Weights(0.35, 0.35, 0, 0, 0, 0),
    "before_tuning": Weights(0.35, 0.20, 0.25, 0.12, 0.08, 0.10),
    "no_relationship": replace(Weights(), relationship=0.0),
}


def run_quality(args: dict, emb: Embeddings, lang: tuple[str, str] = ("all", "all")) -> dict:
    qlang, plang = lang
    projects = load_projects()
    if qlang == "vi" or plang == "zh":
        projects = [p for p in projects if p["country"] == "China" and p["local"]]
    by_owner: dict[str, list[dict]] = defaultdict(list)
    for p in projects:
        for o in p["owners"]:
            by_owner[o].append(p)
    passages = emb.get([project_text(p, plang) for p in projects], query=False)
    vectors = {p["id"]: v for p, v in zip(projects, passages, strict=True)}
    corpus = Corpus(TAXONOMY, model=E5_MODEL, dim=passages.shape[1])
    for owner, own in by_owner.items():
        corpus.upsert(*owner_item(owner, own, vectors, plang))
    ties: dict[str, Counter] = defaultdict(Counter)
    for p in projects:
        for a in p["owners"]:
            for b in p["owners"]:
                if a != b:
                    ties[a][b] += 1
    eligible = [p for p in projects if p["owners"] and len(by_owner[p["owners"][0]]) >= 2]
    rng = random.Random(args["seed"])
    sample = eligible if args["full"] else rng.sample(eligible, min(args["sample"], len(eligible)))
    qvecs = emb.get([project_text(p, qlang) for p in sample], query=True)
    popularity = {o: len(v) for o, v in by_owner.items()}
    ranks: dict[str, list[float]] = defaultdict(list)
    t0 = time.perf_counter()
    for p, qv in zip(sample, qvecs, strict=True):
        target, co = p["owners"][0], p["owners"][1:]
        corpus.upsert(
            *owner_item(target, [x for x in by_owner[target] if x is not p], vectors, plang)
        )
        rel: Counter = Counter()
        for a in co:  # past consortia with the owners still shown, from the other projects
            for b, n in ties[a].items():
                rel[b] += n - (b in p["owners"])
        text = project_text(p, qlang)
        query = Query(
            text=text,
            features=features(text),
            vector=qv,
            needs=frozenset({p["tech"]}),
            country=p["country"],
            province=p["province"],
            size_mw=p["mw"] or None,
            exclude=frozenset(co),
        )
        strength = {b: 1.0 for b, n in rel.items() if n > 0}
        for name, weights in VARIANTS.items():
            s = compute(corpus, query, weights=weights, relationship=strength, feedback={})
            ranks[name].append(_rank(s, target))
        cols = corpus.columns()
        pop = np.array([popularity[i] - (i == target) for i in cols.ids], dtype=float)
        ranks["popularity"].append(_rank_scores(cols.ids, pop, target, co))
        corpus.upsert(*owner_item(target, by_owner[target], vectors, plang))
    elapsed = time.perf_counter() - t0
    out = {
        "queries": len(sample),
        "eligible_queries": len(eligible),
        "candidates": len(corpus),
        "query_language": qlang,
        "profile_language": plang,
        "seconds_per_query_all_variants": round(elapsed / max(len(sample), 1), 4),
    }
    out.update({name: _metrics(r) for name, r in ranks.items()})
    return out


def _expected_rank(scores: np.ndarray, row: int) -> float:
    """The target's rank, ties broken at random (expected value): a signal that gives many
    candidates the same score earns no credit for it."""
    above = int(np.sum(scores > scores[row]))
    tied = int(np.sum(scores == scores[row])) - 1
    return above + 1 + tied / 2


def _rank(signals, target: str) -> float:
    cols = signals.columns
    total = np.where(signals.eligible, signals.total, -np.inf)
    return _expected_rank(total, cols.ids.index(target))


def _rank_scores(ids: list[str], scores: np.ndarray, target: str, exclude: list[str]) -> float:
    scores = scores.copy()
    for o in exclude:
        if o in ids:
            scores[ids.index(o)] = -np.inf
    return _expected_rank(scores, ids.index(target))


def _metrics(ranks: list[float]) -> dict:
    n = max(len(ranks), 1)
    return {
        "hit@1": round(sum(r <= 1 for r in ranks) / n, 4),
        "hit@5": round(sum(r <= 5 for r in ranks) / n, 4),
        "recall@10": round(sum(r <= 10 for r in ranks) / n, 4),
        "mrr": round(sum(1 / r for r in ranks) / n, 4),
        "median_rank": statistics.median(ranks) if ranks else None,
    }


def synthetic_corpus(n: int, rng: np.random.Generator, dim: int = 384) -> Corpus:
    codes = list(TAXONOMY.parents)
    provinces = [f"P{i:02d}" for i in range(40)]
    words = [f"w{i}" for i in range(5000)]
    corpus = Corpus(TAXONOMY, model=E5_MODEL, dim=dim)
    vectors = normalise_rows(rng.standard_normal((n, dim)).astype(np.float32))
    items = []
    for i in range(n):
        picks = rng.choice(len(words), 25, replace=False)
        items.append(
            Item(
                id=f"o{i}",
                kind="organization",
                owner=f"o{i}",
                text=" ".join(words[j] for j in picks),
                provides=frozenset(rng.choice(codes, 2).tolist()),
                country="CN" if i % 4 else "VN",
                province=provinces[i % 40],
                size_mw=float(rng.lognormal(5, 1.5)),
                org_type=("enterprise", "soe", "financial")[i % 3],
            )
        )
    corpus.upsert_vectors(items, vectors)
    return corpus


def run_speed(n: int, queries: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    corpus = synthetic_corpus(n, rng)
    made = time.perf_counter() - t0
    t0 = time.perf_counter()
    corpus.columns()
    build = time.perf_counter() - t0
    words = [f"w{i}" for i in range(5000)]
    times = []
    for _ in range(queries):
        text = " ".join(words[j] for j in rng.choice(5000, 30, replace=False))
        vec = normalise_rows(rng.standard_normal(384).astype(np.float32))
        query = Query(
            text=text, features=features(text), vector=vec, needs=frozenset({"hydro"}),
            country="VN", province="P03", size_mw=200.0, role="equipment_supplier",
        )  # fmt: skip
        t0 = time.perf_counter()
        signals = compute(corpus, query, weights=Weights(), relationship={}, feedback={})
        build_reasons(corpus, query, signals, top(signals, 20), weights=Weights())
        times.append((time.perf_counter() - t0) * 1000)
    out = {
        "organizations": n,
        "top": 20,
        "queries": queries,
        "p50_ms": round(float(np.percentile(times, 50)), 2),
        "p95_ms": round(float(np.percentile(times, 95)), 2),
        "columns_build_s": round(build, 3),
        "generate_s": round(made, 3),
    }
    with tempfile.TemporaryDirectory() as tmp:
        corpus.vectors.save(Path(tmp) / "index")
        t0 = time.perf_counter()
        VectorIndex.load(Path(tmp) / "index", model=E5_MODEL)
        out["index_load_npy_s"] = round(time.perf_counter() - t0, 3)
    matrix = corpus.vectors.matrix
    blobs = [
        (f"o{i}", RecordEmbedding(E5_MODEL, v, v, ("s",), v[None, :]).to_bytes())
        for i, v in enumerate(matrix)
    ]
    t0 = time.perf_counter()
    index, _stale = VectorIndex.from_blobs(E5_MODEL, 384, blobs)
    out["index_load_blobs_s"] = round(time.perf_counter() - t0, 3)
    out["index_mb"] = round(index.matrix.nbytes / 2**20, 1)
    t0 = time.perf_counter()
    corpus.vectors.upsert("new", matrix[0])
    corpus.vectors.remove("new")
    out["index_add_remove_ms"] = round((time.perf_counter() - t0) * 1000, 3)
    return out


def run_throughput(emb: Embeddings) -> dict:
    from sanxin.engines.matching import E5Embedder

    rss0 = _rss_mb()
    model = emb.model or E5Embedder(threads=2)
    model.passage(["warm up"])
    rss1 = _rss_mb()
    projects = random.Random(7).sample(load_projects(), 64)
    texts = [project_text(p) for p in projects]
    sentence = "风电齿轮箱制造商，年产2000台兆瓦级齿轮箱，寻求越南风电项目的合作伙伴与投资方。" * 2
    out = {"threads": 2, "cpu_count": os.cpu_count()}
    for name, batch in (("project_texts", texts), ("profile_sentences", [sentence] * 32)):
        t0 = time.perf_counter()
        model.passage(batch)
        out[f"{name}_per_s"] = round(len(batch) / (time.perf_counter() - t0), 1)
    t0 = time.perf_counter()
    for t in texts[:16]:
        model.query([t])
    out["single_query_ms"] = round((time.perf_counter() - t0) / 16 * 1000, 1)
    out["model_rss_mb"] = round(rss1 - rss0, 1) if emb.model is None else None
    out["load_average"] = round(os.getloadavg()[0], 2)
    return out


def _rss_mb() -> float:
    """Resident memory now, in MiB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str]) -> int:  # noqa: PLR0912 - one flat argument loop
    args = {"sample": 300, "seed": 1, "full": False, "quality": True, "speed": True,
            "sizes": [3000, 100_000], "queries": 50}  # fmt: skip
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in ("--sample", "--seed", "--queries") and rest:
            args[arg[2:]] = int(rest.pop(0))
        elif arg == "--sizes" and rest:
            args["sizes"] = [int(s) for s in rest.pop(0).split(",")]
        elif arg == "--full":
            args["full"] = True
        elif arg == "--quick":
            args.update(sample=60, sizes=[3000], queries=20)
        elif arg in ("--skip-quality", "--skip-speed"):
            args[arg[7:]] = False
        else:
            print(f"usage: {__doc__.splitlines()[2]}", file=sys.stderr)
            return 2
    out: dict = {"model": E5_MODEL, "seed": args["seed"]}
    emb = Embeddings(CACHE)
    if args["quality"]:
        if not GEM.exists():
            out["quality"] = {"skipped": f"no data at {GEM}"}
        else:
            out["quality"] = run_quality(args, emb)
            cross = {}
            for lang in (("en", "zh"), ("vi", "zh")):
                cross[f"{lang[0]}_query_vs_{lang[1]}_profiles"] = run_quality(args, emb, lang)
            out["cross_lingual"] = cross
            out["embedding_seconds"] = round(emb.seconds, 1)
            out["texts_embedded"] = emb.embedded
    if args["speed"]:
        if GEM.exists():
            out["embedding"] = run_throughput(Embeddings(None))
        out["speed"] = [run_speed(n, args["queries"], args["seed"]) for n in args["sizes"]]
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
