"""The ``sanxin`` command: demo, serve, import, appraise, schedule, bench, manage.

Thin: it parses arguments and calls domain, interface or engine functions.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import shutil
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _django(settings: str = "sanxin.config.settings") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def _prepare(*, quiet: bool = True) -> None:
    """Migrate, compile translations and collect static files."""
    from django.core.management import call_command

    from sanxin.common.catalogs import compile_catalogs

    compile_catalogs()
    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)
    call_command("collectstatic", interactive=False, verbosity=0)


def _gunicorn(*, host: str, port: int, workers: int, threads: int) -> int:
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "sanxin.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # One request per connection, as nginx's proxy_pass sends them: a kept-alive connection
        # stays with the process that accepted it, and a process holding several busy ones
        # queues them behind its threads while the other processes wait (docs/operations.md).
        "--keep-alive",
        "0",
        "--access-logfile",
        "-",
    ]
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process with the server
    return 0  # pragma: no cover


def cmd_demo(ns: argparse.Namespace) -> int:
    from sanxin.config import env

    data_dir = env.data_dir()
    if ns.reset and data_dir.exists():
        for name in ("sanxin.sqlite3", "sanxin.sqlite3-wal", "sanxin.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)
        shutil.rmtree(data_dir / "media", ignore_errors=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    # The demo always runs on the embedded database, whatever DATABASE_URL says.
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'sanxin.sqlite3'}"
    _django()
    _prepare()
    from django.test.utils import override_settings

    from sanxin.demo import load_everything
    from sanxin.directory.demo.loader import DEMO_ACCOUNTS

    # The demo's invitations and notifications would print as console mails; keep them in memory.
    # Its records are embedded for matchmaking here, once, before the server starts (not in
    # threads that the server's workers would be forked beside).
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SANXIN_MATCHING_EMBEDDINGS=False,
    ):
        summaries = load_everything()
    from sanxin.matching.domain.embeddings import embed_stale

    print("Computing the matchmaking embeddings of new or changed records…", flush=True)
    counts = embed_stale()
    summaries.append(
        f"Matchmaking embeddings computed: {sum(counts.values()) - counts.get('removed', 0)}."
    )
    url = f"http://127.0.0.1:{ns.port}/"
    print(f"Sanxin demo — data in {data_dir}")
    for summary in summaries:
        print(summary)
    print(f"\nOpen {url}  (English {url}en/ · 中文 {url}zh-hans/ · Tiếng Việt {url}vi/)")
    print("Sign in with one of the demo accounts:")
    for username, password, role, org in DEMO_ACCOUNTS:
        print(f"  {username:<14} {password:<22} {role} ({org})")
    sys.stdout.flush()
    if ns.no_serve:
        return 0
    return _gunicorn(host="127.0.0.1", port=ns.port, workers=1, threads=8)


def cmd_serve(ns: argparse.Namespace) -> int:
    from sanxin.config import env

    if not os.environ.get("SANXIN_SECRET_KEY"):
        print("SANXIN_SECRET_KEY must be set for `sanxin serve` (see the README).", file=sys.stderr)
        return 2
    _django()
    from django.core.management import call_command

    from sanxin.common.catalogs import compile_catalogs

    compile_catalogs()
    if ns.migrate:
        call_command("migrate", interactive=False, verbosity=1)
    call_command("collectstatic", interactive=False, verbosity=0)
    workers = ns.workers or int(env.get("SANXIN_WORKERS"))
    threads = int(env.get("SANXIN_THREADS"))
    return _gunicorn(host=ns.host, port=ns.port, workers=workers, threads=threads)


def cmd_import(ns: argparse.Namespace) -> int:
    _django()
    from sanxin.common.catalogs import compile_catalogs
    from sanxin.directory.interfaces.importers import import_organizations_file

    compile_catalogs()
    path = Path(ns.file)
    if not path.exists():
        print(f"No such file: {path}", file=sys.stderr)
        return 2
    result = import_organizations_file(path, alliance_slug=ns.alliance, dry_run=ns.dry_run)
    for row, column, message in result.errors:
        print(f"row {row}, {column}: {message}", file=sys.stderr)
    if not result.ok:
        print(f"{len(result.errors)} error(s); nothing was saved.", file=sys.stderr)
        return 1
    verb = "would create" if ns.dry_run else "created"
    print(f"{verb} {result.created}, updated {result.updated} organization(s).")
    return 0


def cmd_import_data(ns: argparse.Namespace) -> int:
    """``sanxin import gem|gppd FILE [--alliance SLUG]``: real power-plant data, as JSON."""
    import json

    _django()
    from sanxin.common.catalogs import compile_catalogs
    from sanxin.projects.interfaces.import_runner import ImportInputError, import_file, summary

    compile_catalogs()
    try:
        run = import_file(Path(ns.file), source=ns.kind, alliance_slug=ns.alliance)
    except ImportInputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(json.dumps(summary(run), indent=2, ensure_ascii=False))
    return 0 if run.status == "done" else 1


def cmd_bench(ns: argparse.Namespace) -> int:
    script = REPO_ROOT / "bench" / f"{ns.name}.py"
    if not script.exists():
        names = sorted(p.stem for p in (REPO_ROOT / "bench").glob("*.py") if p.stem[0] != "_")
        print(f"No benchmark {ns.name!r}; available: {', '.join(names)}", file=sys.stderr)
        return 2
    module = runpy.run_path(str(script), run_name="sanxin_bench")
    return int(module["main"](ns.args) or 0)


def cmd_appraise(ns: argparse.Namespace) -> int:
    from sanxin.engines.appraisal.cli import main

    return main([ns.file, *ns.args])


def cmd_schedule(ns: argparse.Namespace) -> int:
    from sanxin.engines.scheduling.cli import main

    return main([ns.file, *ns.args])


def cmd_match(ns: argparse.Namespace) -> int:
    if ns.file == "embed":  # the platform's stale embeddings, not a JSON file
        _django()
        from sanxin.matching.domain.embeddings import embed_stale

        counts = embed_stale(limit=int(ns.args[0]) if ns.args else None)
        print(json.dumps(counts))
        return 0
    from sanxin.engines.matching.cli import main

    return main([ns.file, *ns.args])


def cmd_remind(ns: argparse.Namespace) -> int:
    _django()
    from sanxin.directory.domain.reminders import remind_stale_profiles

    sent = remind_stale_profiles()
    print(f"Reminders sent for {sent} stale profile(s).")
    return 0


def _celery(*args: str) -> int:
    """Replace this process with Celery (worker or beat) on the platform's app."""
    from sanxin.config import env

    if not env.get("SANXIN_BROKER_URL"):
        print(
            "SANXIN_BROKER_URL is not set: background work runs inside the web process, "
            "so no worker is needed. Set it (e.g. redis://127.0.0.1:6379/0) to use one.",
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxin.config.settings")
    argv = [sys.executable, "-m", "celery", "-A", "sanxin.config.celery", *args]
    os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with Celery
    return 0  # pragma: no cover


def cmd_worker(ns: argparse.Namespace) -> int:
    return _celery("worker", "--loglevel", ns.loglevel, "--concurrency", str(ns.concurrency))


def cmd_beat(ns: argparse.Namespace) -> int:
    from sanxin.config import env

    schedule = env.data_dir() / "celerybeat-schedule"
    return _celery("beat", "--loglevel", ns.loglevel, "--schedule", str(schedule))


def cmd_backup(ns: argparse.Namespace) -> int:
    _django()
    from sanxin.common.backup import create_backup

    print(create_backup(Path(ns.out) if ns.out else None))
    return 0


def cmd_restore(ns: argparse.Namespace) -> int:
    _django()
    from sanxin.common.backup import BackupError, read_manifest, restore_backup

    path = Path(ns.file)
    try:
        manifest = read_manifest(path)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not ns.yes:
        print(
            f"{path}: {manifest['rows']} rows and {len(manifest['files'])} files from "
            f"{manifest['created']} ({manifest['database']}). Restoring REPLACES every row and "
            "uploaded file of this installation; run again with --yes to do it.",
            file=sys.stderr,
        )
        return 2
    try:
        restore_backup(path)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Restored {manifest['rows']} rows and {len(manifest['files'])} files from {path}.")
    return 0


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def cmd_report(ns: argparse.Namespace) -> int:
    """``sanxin report``: an alliance's report for a period, generated here and now."""
    _django()
    from django.core.exceptions import ValidationError

    from sanxin.common.catalogs import compile_catalogs
    from sanxin.directory.models import Alliance
    from sanxin.insights.domain.scope import check_period
    from sanxin.insights.interfaces.report_runner import SYSTEM, generate_report

    compile_catalogs()
    alliance = Alliance.objects.filter(slug=ns.alliance).first()
    if alliance is None:
        print(f"No alliance {ns.alliance!r}.", file=sys.stderr)
        return 2
    try:
        start, end = check_period(ns.start, ns.end)
    except ValidationError as exc:
        print("; ".join(exc.messages), file=sys.stderr)
        return 2
    content = generate_report(
        viewer=SYSTEM,
        alliance=alliance,
        start=start,
        end=end,
        language=ns.lang,
        file_format=ns.format,
    )
    Path(ns.out).write_bytes(content)
    print(f"{ns.out}: {len(content)} bytes ({ns.format}, {ns.lang}, {start} to {end}).")
    return 0


def cmd_manage(ns: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxin.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sanxin manage", *ns.args])
    return 0


def _add_operations(sub) -> None:
    """Commands for running a production installation: workers, backups."""
    worker = sub.add_parser("worker", help="run a Celery worker for background work")
    worker.add_argument("--concurrency", type=int, default=2)
    worker.add_argument("--loglevel", default="info")
    worker.set_defaults(func=cmd_worker)
    beat = sub.add_parser("beat", help="queue the scheduled reminders (Celery beat)")
    beat.add_argument("--loglevel", default="info")
    beat.set_defaults(func=cmd_beat)

    backup = sub.add_parser("backup", help="back up the database and uploaded files")
    backup.add_argument("--out", help="file to write (default: $SANXIN_DATA_DIR/backups/…)")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace all data with a backup's")
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="really replace everything")
    restore.set_defaults(func=cmd_restore)


def _add_report(sub) -> None:
    report = sub.add_parser("report", help="an alliance's report for a period (PDF or Excel)")
    report.add_argument("--alliance", required=True, help="the alliance (slug)")
    report.add_argument("--from", dest="start", type=_date, help="first day (YYYY-MM-DD)")
    report.add_argument("--to", dest="end", type=_date, help="last day (YYYY-MM-DD)")
    report.add_argument("--lang", choices=("en", "zh-hans", "vi"), default="en")
    report.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
    report.add_argument("--out", required=True, help="file to write")
    report.set_defaults(func=cmd_report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sanxin", description="Sanxin alliance platform")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="run the platform with the demo alliance on SQLite")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--reset", action="store_true", help="start from an empty database")
    demo.add_argument("--no-serve", action="store_true", help="prepare the data, do not serve")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="run under gunicorn with production settings")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=0)
    serve.add_argument("--migrate", action="store_true", help="apply migrations first")
    serve.set_defaults(func=cmd_serve)

    imp = sub.add_parser("import", help="import data from a file")
    imp_sub = imp.add_subparsers(dest="kind", required=True)
    orgs = imp_sub.add_parser("orgs", help="organizations and memberships from CSV or .xlsx")
    orgs.add_argument("file")
    orgs.add_argument("--alliance", help="make them members of this alliance (slug)")
    orgs.add_argument("--dry-run", action="store_true", help="check only, save nothing")
    orgs.set_defaults(func=cmd_import)
    for kind, what in (
        ("gem", "power plants from a Global Energy Monitor tracker workbook (.xlsx)"),
        ("gppd", "power plants from the WRI Global Power Plant Database (.csv)"),
    ):
        data = imp_sub.add_parser(kind, help=what)
        data.add_argument("file")
        data.add_argument("--alliance", help="attach new projects to this alliance (slug)")
        data.set_defaults(func=cmd_import_data)

    _add_operations(sub)

    bench = sub.add_parser("bench", help="run a benchmark from bench/ and print JSON")
    bench.add_argument("name")
    bench.add_argument("args", nargs=argparse.REMAINDER)
    bench.set_defaults(func=cmd_bench)

    appraise = sub.add_parser("appraise", help="appraise a project from JSON (FILE or -)")
    appraise.add_argument("file")
    appraise.add_argument("args", nargs=argparse.REMAINDER)
    appraise.set_defaults(func=cmd_appraise)

    schedule = sub.add_parser("schedule", help="schedule 1:1 meetings from JSON (FILE or -)")
    schedule.add_argument("file")
    schedule.add_argument("args", nargs=argparse.REMAINDER)
    schedule.set_defaults(func=cmd_schedule)

    match = sub.add_parser(
        "match", help="recommendations from JSON (FILE or -), or `match embed` for the platform"
    )
    match.add_argument("file")
    match.add_argument("args", nargs=argparse.REMAINDER)
    match.set_defaults(func=cmd_match)

    remind = sub.add_parser("remind-stale", help="remind admins of profiles over 12 months old")
    remind.set_defaults(func=cmd_remind)

    _add_report(sub)

    manage = sub.add_parser("manage", help="Django management commands")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    ns = build_parser().parse_args(argv)
    try:
        return int(ns.func(ns) or 0)
    finally:
        _data_may_have_changed()


def _data_may_have_changed() -> None:
    """A command may have written outside the platform's connections (``manage dbshell``):
    every page cached by the running server is out of date (common/freshness.py)."""
    from django.apps import apps

    if not apps.ready:  # the command never touched the platform (engines, benchmarks)
        return
    from sanxin.common.freshness import bump_all, enabled

    if enabled():
        bump_all()


if __name__ == "__main__":
    sys.exit(main())
