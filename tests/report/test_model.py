from pipelines.report.model import safe_name


def test_safe_name_keeps_run_ids_readable_and_file_safe() -> None:
    assert safe_name("2026-11-27T10:23:45.608218") == "2026-11-27T10-23-45.608218"
    assert safe_name("../a b/c") == "a-b-c"
    assert safe_name("///") == "run"
