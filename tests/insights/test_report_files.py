"""Open the generated PDF and Excel reports and check their figures against the database."""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from sanxin.cli import main
from sanxin.directory.domain.access import viewer_for
from sanxin.insights.interfaces.report_runner import SYSTEM, generate_report

pytestmark = pytest.mark.integration

START = dt.date(2020, 1, 1)


def _report(world, language: str, file_format: str, role: str = "secretariat") -> bytes:
    return generate_report(
        viewer=viewer_for(world.person(role)) if role != "system" else SYSTEM,
        alliance=world.alliance,
        start=START,
        end=timezone.localdate(),
        language=language,
        file_format=file_format,
    )


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _flat(text: str) -> str:
    return "".join(text.split())


def test_pdf_in_chinese_has_the_figures_and_intact_text(world, pipeline):
    content = _report(world, "zh-hans", "pdf")
    assert content.startswith(b"%PDF")
    text = _flat(_pdf_text(content))
    assert "凉山风电场" in text  # Chinese project title
    assert "成都研讨会" in text  # event title
    assert "591000000" in text  # investment converted to CNY (no grouping in Chinese)
    assert "500000" in text  # the target
    tco2 = pipeline.latest_wind.tco2_year1 + pipeline.storage_appraisal.tco2_year1
    assert str(tco2.quantize(Decimal(1), rounding=ROUND_HALF_UP)) in text


def test_pdf_in_vietnamese_keeps_diacritics(world, pipeline):
    text = _pdf_text(_report(world, "vi", "pdf"))
    assert "Trang trại gió Lương Sơn" in text
    assert "Lưu trữ pin Hải Phòng" in text


def test_pdf_of_a_partner_leaves_out_what_it_may_not_see(world, pipeline):
    text = _flat(_pdf_text(_report(world, "en", "pdf", role="partner")))
    assert "Secretgearboxline" not in text
    assert "Liangshanwindfarm" in text
    assert "571,000,000" in text
    tco2 = pipeline.latest_wind.tco2_year1 + pipeline.storage_appraisal.tco2_year1
    assert f"{tco2.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}" in text


def _sheet(book, title: str) -> list[tuple]:
    return [tuple(row) for row in book[title].iter_rows(values_only=True)]


def test_excel_cells_equal_the_database(world, pipeline):
    book = load_workbook(io.BytesIO(_report(world, "en", "xlsx")))
    summary = {row[0]: row[1] for row in _sheet(book, "Key figures")[5:] if row[0]}
    assert summary["Projects"] == 4
    assert Decimal(str(summary["Investment (CNY, converted)"])) == Decimal("591000000")
    tco2 = pipeline.latest_wind.tco2_year1 + pipeline.storage_appraisal.tco2_year1
    assert Decimal(str(summary["tCO2 avoided per year (latest appraisals)"])) == tco2
    assert summary["Capacity (MW)"] == 100
    assert summary[f"tCO2 target for {timezone.localdate().year}"] == 500000
    assert book["Key figures"]["B6"].number_format == "#,##0"
    by_stage = dict(_sheet(book, "Projects by stage")[1:])
    assert by_stage == {
        "Idea": 1,
        "Proposed": 1,
        "Agreement signed": 1,
        "Financing closed": 0,
        "Construction started": 1,
        "Commissioning": 0,
        "In operation": 0,
    }
    rows = _sheet(book, "All projects")
    assert rows[0][:4] == ("Project", "Owner", "Type", "Stage")
    assert [row[0] for row in rows[1:]] == [
        "Battery recycling plant",
        "Secret gearbox line",
        "Hai Phong battery storage",
        "Liangshan wind farm",
    ]
    wind = next(row for row in rows if row[0] == "Liangshan wind farm")
    assert (wind[3], wind[5], wind[6], wind[7], wind[8]) == (
        "Construction started",
        100,
        "MW",
        500000000,
        "CNY",
    )
    assert book["All projects"]["H5"].number_format == "#,##0.00"
    events = _sheet(book, "Events")
    assert events[1][:3] == ("Chengdu symposium", timezone.localdate().isoformat(), 1)
    assert events[1][3:] == (2, 1, 0, 1, 0)


def test_excel_in_chinese(world, pipeline):
    book = load_workbook(io.BytesIO(_report(world, "zh-hans", "xlsx")))
    rows = _sheet(book, book.sheetnames[-4])
    assert "凉山风电场" in [row[0] for row in rows]


def test_cli_writes_the_report(world, pipeline, tmp_path, capsys):
    out = tmp_path / "report.pdf"
    args = ["report", "--alliance", "three-new", "--from", "2020-01-01", "--lang", "vi"]
    assert main([*args, "--format", "pdf", "--out", str(out)]) == 0
    assert "bytes (pdf, vi," in capsys.readouterr().out
    text = _pdf_text(out.read_bytes())
    assert "Trang trại gió Lương Sơn" in text
    xlsx = tmp_path / "report.xlsx"
    assert main([*args, "--format", "xlsx", "--out", str(xlsx)]) == 0
    book = load_workbook(xlsx)
    assert book.sheetnames[0] == "Các chỉ tiêu chính"
    assert main(["report", "--alliance", "nope", "--out", str(out)]) == 2
    assert "No alliance 'nope'." in capsys.readouterr().err
    bad = ["report", "--alliance", "three-new", "--from", "2025-05-01", "--to", "2025-04-01"]
    assert main([*bad, "--out", str(out)]) == 2


def test_chain_coverage_and_gaps_in_both_files(world, pipeline):
    from sanxin.chains.domain.coverage import coverage_summary

    with translation.override("en"):
        chains = coverage_summary(viewer=viewer_for(world.secretariat), alliance=world.alliance)
    assert chains  # the seeded chain templates
    book = load_workbook(io.BytesIO(_report(world, "en", "xlsx")))
    rows = _sheet(book, "Chain coverage")[1:]
    assert rows == [
        (
            c.name,
            n.name,
            n.organization_count,
            n.status.capitalize(),
            ", ".join(n.leader_names) or None,
        )
        for c in chains
        for n in c.nodes
    ]
    text = _flat(_pdf_text(_report(world, "en", "pdf")))
    assert _flat("Industry chain coverage and gaps") in text
    for chain in chains:
        assert _flat(chain.name) in text
        if chain.gap_names:
            assert _flat(f"Gaps: {', '.join(chain.gap_names)}") in text


def test_excel_keeps_user_text_as_text_never_a_formula(world, pipeline):
    pipeline.own.title_en = '=HYPERLINK("http://example.org","click")'
    pipeline.own.save()
    book = load_workbook(io.BytesIO(_report(world, "en", "xlsx")))
    sheet = book["All projects"]
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[0].value.startswith("="))
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.org","click")'
