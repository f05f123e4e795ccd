"""The command line, in process (fast) and as a real subprocess (exit codes, no tracebacks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from eventwire.cli import main, sample_paths

GOOD = (
    "ABUJA, May 6, 2014 (Test Wire) - Parents in Chibok said on Tuesday that the army had "
    "not reached the forest. Governor Kashim Shettima visited the town.\n"
)


def _schema() -> dict[str, object]:
    root = Path(__file__).parents[1] / "src/eventwire/schema/record.schema.json"
    return dict(json.loads(root.read_text()))


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "chibok.txt"
    path.write_text(GOOD)
    return path


@pytest.mark.slow
def test_cli_extract_prints_one_valid_record(
    good_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(good_file)]) == 0
    record = json.loads(capsys.readouterr().out)
    jsonschema.validate(record, _schema())
    assert record["article"]["published"] == "2014-05-06"
    assert record["article"]["published_from"] == "text"
    assert any(e["name"] == "Kashim Shettima" for e in record["entities"])


@pytest.mark.slow
def test_cli_extract_published_flag_wins(
    good_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(good_file), "--published", "2014-05-07"]) == 0
    article = json.loads(capsys.readouterr().out)["article"]
    assert (article["published"], article["published_from"]) == ("2014-05-07", "given")


@pytest.mark.slow
def test_cli_extract_jsonl_keeps_input_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", *sample_paths(), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) >= 12
    schema = _schema()
    for record in records:
        jsonschema.validate(record, schema)
    titles = [r["article"]["title"] for r in records]
    assert titles[0].startswith("Japan") or titles[0], "first text sample comes first"
    published_from = {r["article"]["published_from"] for r in records}
    assert published_from == {"text", "metadata"}


def test_cli_bad_published_date_is_a_usage_error(
    good_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(good_file), "--published", "19/11/2015"])
    assert exit_info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_ingest_twice_stores_each_article_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["ingest", *sample_paths(), "--db", db, "--no-progress"]) == 0
    first = capsys.readouterr().out.splitlines()[-1]
    assert first == "ingested 14, duplicates 0, failed 0"
    assert main(["ingest", *sample_paths(), "--db", db, "--no-progress"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ingested 0, duplicates 14, failed 0"

    assert main(["search", "Raqqa", "--db", db]) == 0
    hits = [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    assert len(hits) == 2, "the two Raqqa reports"
    article_id = hits[0].split()[0]
    assert main(["show", article_id, "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)["article"]["id"] == article_id


def test_cli_show_unknown_id_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "nope", "--db", f"sqlite:///{tmp_path / 's.db'}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "E003" in err


def test_cli_unopenable_database_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    assert main(["search", "x", "--db", f"sqlite:///{missing}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "E301" in err


@pytest.mark.slow
def test_cli_bad_batch_stores_the_good_and_names_each_bad(tmp_path: Path) -> None:
    inputs = tmp_path / "batch"
    inputs.mkdir()
    (inputs / "a_good.txt").write_text(GOOD)
    (inputs / "b_binary.txt").write_bytes(bytes(range(256)) * 64)
    (inputs / "c_empty.txt").write_bytes(b"")
    with (inputs / "d_huge.txt").open("w") as huge:
        for _ in range(50):
            huge.write("the rain kept falling on the valley " * 29_000 + "\n")
    (inputs / "e_broken.rss").write_text("<rss version='2.0'><channel><item><title>Half")
    (inputs / "f_good.jsonl").write_text(
        json.dumps(
            {
                "text": "Aid agencies said on Friday that floods had cut roads across the region "
                "and that dozens of villages were isolated.",
                "published": "2019-03-22",
                "title": "Floods cut roads",
            }
        )
        + "\n"
    )
    assert (inputs / "d_huge.txt").stat().st_size > 50_000_000
    db = f"sqlite:///{tmp_path / 'store.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "eventwire.cli", "ingest", str(inputs), "--db", db, "--no-progress"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout.splitlines()[-1] == "ingested 2, duplicates 0, failed 4"
    failures = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(failures) == 4, done.stderr
    for name, code in [
        ("b_binary", "E103"),
        ("c_empty", "E102"),
        ("d_huge", "E104"),
        ("e_broken", "E106"),
    ]:
        [line] = [f for f in failures if name in f]
        assert code in line


def _write_warc(path: Path, url: str, html: str) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = html.encode()
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        # An explicit length keeps warcio from spooling the payload to a temporary file.
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=headers
        )
        writer.write_record(record)


@pytest.mark.slow
def test_cli_extract_reads_a_warc_crawl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in GOOD.split(". "))
    html = (
        "<html><head><title>Chibok parents wait</title>"
        '<meta property="article:published_time" content="2014-05-06T08:00:00Z"></head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Chibok parents wait</h1>{paragraphs}"
        "</article></body></html>"
    )
    crawl = tmp_path / "news.warc.gz"
    _write_warc(crawl, "https://courier.example/chibok", html)
    assert main(["extract", str(crawl)]) == 0
    record = json.loads(capsys.readouterr().out)
    jsonschema.validate(record, _schema())
    assert record["article"]["url"] == "https://courier.example/chibok"
    assert "Kashim Shettima" in record["article"]["text"]


@pytest.mark.slow
def test_cli_extract_reads_stdin() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eventwire.cli", "extract", "-", "--format", "jsonl"],
        input=GOOD,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    record = json.loads(line)
    jsonschema.validate(record, _schema())
    assert record["article"]["published"] == "2014-05-06"


@pytest.mark.slow
def test_cli_explain_shows_trigger_and_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "chibok.txt"
    story.write_text(
        "ABUJA, May 6, 2014 (Test Wire) - Boko Haram militants abducted 276 schoolgirls "
        "from a school in Chibok last month.\n"
    )
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["ingest", str(story), "--db", db, "--no-progress"]) == 0
    assert main(["search", "schoolgirls", "--db", db]) == 0
    article_id = capsys.readouterr().out.splitlines()[-2].split()[0]
    assert main(["explain", article_id, "V1", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "ASSAULT/abduct" in out
    assert "[[abducted]]" in out
    assert "-nsubj->" in out
    assert main(["explain", article_id, "V9", "--db", db]) == 2
    assert "E005" in capsys.readouterr().err


def test_cli_gazetteer_import_adds_a_geonames_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from eventwire.resolve.gazetteer_build import build_gazetteer

    fixtures = Path(__file__).parent / "resolve" / "fixtures"
    target = tmp_path / "gaz.sqlite"
    dump = fixtures / "geonames_small.txt"
    build_gazetteer(target, supplement=fixtures / "supplement_small.tsv", dump=dump)
    monkeypatch.setenv("EVENTWIRE_GAZETTEER", str(target))
    assert main(["gazetteer", "import", str(dump)]) == 0
    out = capsys.readouterr().out
    assert str(target) in out
    read = int(out.split("read ")[1].split(",")[0])
    assert read == len(dump.read_text().splitlines())
    assert main(["gazetteer", "import", str(tmp_path / "missing.txt")]) == 2
    assert "E006" in capsys.readouterr().err


def test_cli_export_formats_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq

    from eventwire.cli import EXPORT_FORMATS, EXPORT_TABLES
    from eventwire.export import FORMATS, TABLES
    from eventwire.model import Article, Record
    from eventwire.store import open_store

    assert set(EXPORT_FORMATS) == set(FORMATS)
    assert set(EXPORT_TABLES) == set(TABLES)
    db = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(db) as store:
        store.put([Record(pipeline="t", article=Article(id="a1", language="en", text="Calm."))])
    assert main(["export", "jsonl", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["article"]["id"] == "a1"
    assert main(["export", "parquet", "--db", db]) == 2
    assert "E007" in capsys.readouterr().err
    out = tmp_path / "articles.parquet"
    assert main(["export", "parquet", "--db", db, "-o", str(out), "--table", "articles"]) == 0
    assert pq.read_table(out).num_rows == 1


@pytest.mark.slow
def test_cli_database_error_during_ingest_is_one_coded_line(
    good_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    db = tmp_path / "refuses.db"
    url = f"sqlite:///{db}"
    assert main(["ingest", "--no-progress", "--db", url, str(good_file)]) == 0
    with sqlite3.connect(db) as connection:
        # A database that refuses every new article, as a full disk or a broken server would.
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON articles "
            "BEGIN SELECT RAISE(ABORT, 'no room for articles'); END"
        )
    other = tmp_path / "other.txt"
    other.write_text(GOOD.replace("Chibok", "Maiduguri"))
    capsys.readouterr()
    assert main(["ingest", "--no-progress", "--db", url, str(other)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("eventwire: E303 ") and "no room for articles" in err[-1]
    assert not any("Traceback" in line for line in err)


def test_cli_serve_workers_must_be_positive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'none.db'}"
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--db", db, "--workers", "0"])
    assert stopped.value.code == 2
    assert "--workers" in capsys.readouterr().err
    monkeypatch.setenv("EVENTWIRE_SERVE_WORKERS", "0")
    assert main(["serve", "--db", db]) == 2
    assert "E014 invalid setting serve_workers=0" in capsys.readouterr().err
    # Refused before anything was opened or created.
    assert not (tmp_path / "none.db").exists()


def test_cli_eval_events_without_its_texts_is_skipped_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    gold = tmp_path / "events.jsonl"
    gold.write_text('{"doc": "meantime/x.xml", "sentence": [0, 10], "events": []}\n')
    monkeypatch.chdir(tmp_path)  # ../shared/data does not exist from here
    assert main(["eval", "events", str(gold)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    folder = Path("../shared/data")
    assert out == [f"eval events: skipped, texts of the gold data not found: {folder}"]
