"""``sanxin match FILE WHAT ...``: recommendations from a JSON dataset, printed as JSON.

Usage::

    sanxin match FILE partners PROJECT [--k N]
    sanxin match FILE consortium PROJECT [--max-roles K] [--time-limit S]
    sanxin match FILE projects ORG [--k N]
    sanxin match FILE offers ORG [--k N]
    sanxin match FILE meetings EVENT PARTICIPANT [--k N]
    sanxin match FILE invite LINK[,LINK...] [--country CC] [--province CODE] [--k N]

FILE (``-``: stdin) holds the records (``docs/matching.md``). ``--no-embeddings`` matches on
words and structure only (no model load). Exit status 0 with JSON on stdout; 2 with a message
on stderr for bad arguments, a bad dataset or an unknown id.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from sanxin.engines.matching.consortium import ConsortiumOptions, build_consortium
from sanxin.engines.matching.matcher import Matcher, UnknownRecordError
from sanxin.engines.matching.parse import Dataset, parse_dataset
from sanxin.engines.matching.records import RecordError

USAGE = (
    "usage: sanxin match FILE {partners PROJECT | consortium PROJECT | projects ORG | "
    "offers ORG | meetings EVENT PARTICIPANT | invite LINKS} [--k N] [--max-roles K] "
    "[--time-limit S] [--country CC] [--province CODE] [--no-embeddings]"
)
ARITY = {"partners": 1, "consortium": 1, "projects": 1, "offers": 1, "meetings": 2, "invite": 1}
VALUED = {
    "--k": int,
    "--max-roles": int,
    "--time-limit": float,
    "--country": str,
    "--province": str,
}


class UsageError(Exception):
    """The command line was wrong; the message says how to call it."""


def parse_args(argv: list[str]) -> tuple[str, str, list[str], dict[str, Any]]:
    positional: list[str] = []
    options: dict[str, Any] = {"embeddings": True}
    args = list(argv)
    while args:
        arg = args.pop(0)
        flag, eq, inline = arg.partition("=")
        if flag in VALUED:
            if not eq:
                if not args:
                    raise UsageError(f"{flag} needs a value")
                inline = args.pop(0)
            try:
                value = VALUED[flag](inline)
            except ValueError:
                raise UsageError(f"{flag}: not a valid value: {inline!r}") from None
            if isinstance(value, int | float) and value <= 0:
                raise UsageError(f"{flag} must be greater than 0")
            options[flag[2:].replace("-", "_")] = value
        elif arg == "--no-embeddings":
            options["embeddings"] = False
        elif arg.startswith("-") and arg != "-":
            raise UsageError(f"unknown option {arg!r}")
        else:
            positional.append(arg)
    if len(positional) < 2:
        raise UsageError("FILE and what to recommend are needed")
    name, what, *ids = positional
    if what not in ARITY:
        raise UsageError(f"unknown recommendation {what!r}; one of {', '.join(ARITY)}")
    if len(ids) != ARITY[what]:
        raise UsageError(f"{what} takes {ARITY[what]} id(s), not {len(ids)}")
    return name, what, ids, options


def _read(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}") from None


def load_matcher(data: Dataset, *, embeddings: bool) -> Matcher:
    embedder = None
    if embeddings:
        from sanxin.engines.matching.embed import E5Embedder  # noqa: PLC0415 - model load

        embedder = E5Embedder()
    matcher = Matcher(data.taxonomy, embedder=embedder)
    for org in data.organizations:
        matcher.upsert_organization(org)
    for project in data.projects:
        matcher.upsert_project(project)
    for offer in data.offers:
        matcher.upsert_offer(offer)
    for event, people in data.participants.items():
        for person in people:
            matcher.upsert_participant(event, person)
    matcher.add_ties(data.ties)
    for fb in data.feedback:
        matcher.set_feedback(fb)
    return matcher


def run(matcher: Matcher, what: str, ids: list[str], options: dict[str, Any]) -> Any:
    k = options.get("k", 10)
    if what == "partners":
        found = matcher.partners_for_project(ids[0], k=k)
        return {role: [r.to_dict() for r in recs] for role, recs in found.items()}
    if what == "consortium":
        opts = ConsortiumOptions(
            max_roles=options.get("max_roles", 2), time_limit=options.get("time_limit", 10.0)
        )
        return build_consortium(matcher, ids[0], opts).to_dict()
    if what == "projects":
        return [r.to_dict() for r in matcher.projects_for_organization(ids[0], k=k)]
    if what == "offers":
        return [r.to_dict() for r in matcher.offers_for_organization(ids[0], k=k)]
    if what == "meetings":
        return [r.to_dict() for r in matcher.meetings_for_participant(ids[0], ids[1], k=k)]
    invited = matcher.organizations_to_invite(
        links=[x for x in ids[0].split(",") if x],
        country=options.get("country", ""),
        province=options.get("province", ""),
        k=k,
    )
    return {
        "missing": list(invited.missing),
        "recommendations": [r.to_dict() for r in invited.recommendations],
    }


def main(argv: list[str]) -> int:
    """Run the command; return its exit status."""
    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE + "\n")
        return 0
    try:
        name, what, ids, options = parse_args(argv)
        dataset = parse_dataset(_read(name))
        matcher = load_matcher(dataset, embeddings=options["embeddings"])
        out = run(matcher, what, ids, options)
    except (UsageError, RecordError) as exc:
        sys.stderr.write(f"sanxin match: error: {exc}\n")
        if isinstance(exc, UsageError):
            sys.stderr.write(USAGE + "\n")
        return 2
    except UnknownRecordError as exc:
        sys.stderr.write(f"sanxin match: error: unknown id {exc.args[0]!r}\n")
        return 2
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
