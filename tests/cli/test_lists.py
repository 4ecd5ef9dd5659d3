"""``sanctionwatch lists load|show|diff|update``, ``screen`` and ``eval names`` through the CLI."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

Run = Callable[..., Any]


def dprk(shared_dir: Path, name: str) -> str:
    return str(shared_dir / "data" / "sanctions_lists" / "dprk_subsets" / name)


def test_load_show_diff_and_screen(run_cli: Run, shared_dir: Path) -> None:
    for name in ("un_sc_dprk_2018-10.xml", "un_sc_dprk_2026-02.xml", "ofac_sdn_dprk_2024-05-03.csv"):
        loaded = run_cli("lists", "load", dprk(shared_dir, name))
        assert loaded.code == 0 and "loaded as version" in loaded.out, loaded.err
    shown = json.loads(run_cli("lists", "show", "--json").out)
    assert {(v["name"], v["entry_count"]) for v in shown} == {("un_sc", 155), ("ofac_sdn", 484)}
    assert len(run_cli("lists", "show", "--all").out.splitlines()) == 3
    diff = run_cli("lists", "diff", "1", "un_sc", "--limit", "3")
    assert diff.out.startswith("0 added, 0 removed, ") and "~ KPe.008" in diff.out
    entry = json.loads(run_cli("lists", "show", "un_sc", "--entry", "KPi.033").out)
    assert entry["caption"] == "RI WON HO" and entry["entity"]["schema"] == "Person"
    found = json.loads(run_cli("screen", "Ri Won-ho", "--schema", "Person", "--country", "KP", "--json").out)
    assert found[0]["entry_id"] == "KPi.033" and found[0]["score"] == 1.0
    assert [f["name"] for f in found[0]["features"]] == ["name_similarity", "schema", "country_overlap"]
    text = run_cli("screen", "Hwang Seok-hwa").out  # listed as HWANG SOK-HWA
    assert "un_sc:KPi.003" in text and "seok ~ sok: Korean romanisation" in text


def test_errors_are_one_line_and_keep_the_current_version(run_cli: Run, shared_dir: Path, tmp_path: Path) -> None:
    assert "no sanctions lists loaded" in run_cli("screen", "Kim").err
    assert run_cli("lists", "load", dprk(shared_dir, "un_sc_dprk_2026-02.xml")).code == 0
    cut = tmp_path / "cut.xml"
    cut.write_bytes(Path(dprk(shared_dir, "un_sc_dprk_2018-10.xml")).read_bytes()[:40_000])
    failed = run_cli("lists", "load", str(cut))
    assert failed.code == 1 and failed.err.startswith("error:") and len(failed.err.strip().splitlines()) == 1
    assert json.loads(run_cli("lists", "show", "--json").out)[0]["published"] == "2026-02-27"


@pytest.fixture
def publisher(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.no_handler_status_code = 404  # robots.txt and the missing list
    server.start()
    monkeypatch.setenv("SANCTIONWATCH_FETCH_ALLOW_PRIVATE", "127.0.0.1")
    monkeypatch.setenv("SANCTIONWATCH_FETCH_PER_HOST_DELAY", "0")
    monkeypatch.setenv("SANCTIONWATCH_FETCH_RETRIES", "0")
    for path, name in (("/un.xml", "un_sc_dprk_2026-02.xml"), ("/SDN.CSV", "ofac_sdn_dprk_2024-05-03.csv")):
        server.expect_request(path).respond_with_data(Path(dprk(shared_dir, name)).read_bytes())
    server.expect_request("/ALT.CSV").respond_with_data('306,220,"aka","KIM JONG-UN",-0- \r\n')
    yield server
    server.stop()


def test_update_from_publishers(run_cli: Run, publisher: HTTPServer, tmp_path: Path) -> None:
    base = publisher.url_for("/")
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"lists:\n  - {{name: un_sc, url: '{base}un.xml'}}\n"
                       f"  - {{name: ofac_sdn, url: '{base}SDN.CSV', companions: {{alt: '{base}ALT.CSV'}}}}\n"
                       f"  - {{name: eu_fsf, url: '{base}missing.xml'}}\n", encoding="utf-8")
    first = run_cli("lists", "update", "--sources", str(sources))
    assert first.code == 1 and "1 of 3 lists not updated: eu_fsf" in first.err
    assert "un_sc: new version" in first.out and "eu_fsf: FAILED" in first.out
    again = run_cli("lists", "update", "--sources", str(sources), "--only", "un_sc", "--json")
    assert again.code == 0 and json.loads(again.out)[0]["version"]["is_new"] is False


def test_eval_names(run_cli: Run, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("case_group,schema,name1,name2,is_match\nk,Person,Yun Ho Chin,YUN HO-JIN,true\n"
                     "k,Person,Kim Jung-eun,김정은,true\nk,Person,KIM SONG MIN,KIM SONG CHOL,false\n"
                     "o,Company,Siemens AG,Siemens Aktiengesellschaft,true\n", encoding="utf-8")
    report = json.loads(run_cli("eval", "names", "--pairs", str(pairs), "--json").out)
    ours, theirs = report["scorers"]["sanctionwatch"], report["scorers"]["rapidfuzz_wratio"]
    assert report["pairs"] == 4 and ours["f1"] == 1.0 and ours["f1"] > theirs["f1"]
    assert "F1 1.000" in run_cli("eval", "names", "--pairs", str(pairs)).out
