"""The flowstate program as a user runs it."""

import json
import os


def test_version(cli):
    r = cli("--version")
    assert r.returncode == 0
    assert r.stdout.startswith("flowstate ")
    assert r.stderr == ""


def test_help_lists_groups_and_exit_codes(cli):
    r = cli("--help")
    assert r.returncode == 0
    assert "doctor" in r.stdout
    assert "Exit codes" in r.stdout


def test_usage_error_exits_2_on_stderr(cli):
    r = cli("frobnicate")
    assert r.returncode == 2
    assert r.stdout == ""
    assert "flowstate: error:" in r.stderr


def test_doctor_text(cli, tmp_path):
    r = cli("doctor", env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    for word in ("curl", "SQLite", "compile options", "RapidJSON", "Abseil", "settings: ok"):
        assert word in r.stdout
    assert str(tmp_path) in r.stdout


def test_doctor_json_is_data(cli, data_dir):
    r = cli("--settings", str(data_dir / "settings.ini"), "doctor", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["flowstate"]["version"] == doc["cli"]["version"]
    assert doc["sqlite"]["threadsafe"] >= 1
    assert isinstance(doc["curl"]["protocols"], list) and "http" in doc["curl"]["protocols"]
    names = {c["name"]: c for c in doc["checks"]}
    assert names["settings"]["outcome"] == "ok"
    assert "2 sections" in names["settings"]["detail"]


def test_settings_are_shown_with_secrets_redacted(cli, data_dir):
    r = cli("--settings", str(data_dir / "settings.ini"), "doctor")
    assert r.returncode == 0
    assert 'url = http://127.0.0.1:8081' in r.stdout
    assert "token = ******" in r.stdout
    assert "secret-value-123" not in r.stdout + r.stderr
    j = cli("--settings", str(data_dir / "settings.ini"), "doctor", "--json")
    doc = json.loads(j.stdout)
    cluster = [s for s in doc["settings"]["sections"] if s["name"] == "cluster"][0]
    assert cluster["subsection"] == "prod"
    assert cluster["entries"] == {"url": "http://127.0.0.1:8081", "token": "******"}
    assert "secret-value-123" not in j.stdout


def test_broken_settings_reports_file_and_line(cli, data_dir):
    r = cli("--settings", str(data_dir / "broken-settings.ini"), "doctor")
    assert r.returncode == 1
    assert "broken-settings.ini:3:1: expected 'key = value' or '[section]'" in r.stdout


def test_missing_explicit_settings_file(cli, tmp_path):
    r = cli("--settings", str(tmp_path / "absent.ini"), "doctor", "--json")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert any(c["outcome"] == "failed" and c["name"] == "settings" for c in doc["checks"])


def test_settings_from_environment_variable(cli, data_dir):
    r = cli("doctor", "--json", env={"FLOWSTATE_SETTINGS": str(data_dir / "settings.ini")})
    assert r.returncode == 0
    assert str(data_dir / "settings.ini") in r.stdout


def test_no_output_from_library_on_its_own(cli, tmp_path):
    # The library never writes to stdout/stderr: a successful command prints only its report.
    r = cli("--version")
    assert r.stderr == ""
    assert os.linesep.join(r.stdout.splitlines()).count("\n") == 0
