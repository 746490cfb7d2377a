"""`factcheck schema`: JSON Schemas from the checker's declarations, validated with jsonschema."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import EXAMPLE_CONTENT, SCRATCH_SITE, run_cli

jsonschema = pytest.importorskip("jsonschema")


class _TextDates(yaml.SafeLoader):
    """YAML as the yaml-language-server reads it: dates stay text."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read(text: str):
    return yaml.load(text, Loader=_TextDates)


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("schemas")
    result = run_cli("schema", "--out", out)
    assert result.returncode == 0, result.stderr
    found = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in out.glob("*.json")}
    assert set(found) == {"claims.schema.json", "site.schema.json", "source.schema.json"}
    for schema in found.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    return found


def errors(schema: dict, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(data)]


def test_the_example_content_validates_against_the_schemas(schemas):
    assert errors(schemas["site.schema.json"], read((EXAMPLE_CONTENT / "site.yaml").read_text(encoding="utf-8"))) == []
    claim_files = [EXAMPLE_CONTENT / "claims.yaml", *sorted((EXAMPLE_CONTENT / "claims").glob("*.yaml"))]
    claim_files = [p for p in claim_files if p.is_file()]
    assert claim_files
    for path in claim_files:
        assert errors(schemas["claims.schema.json"], read(path.read_text(encoding="utf-8"))) == [], path
    for path in sorted((EXAMPLE_CONTENT / "sources").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        assert errors(schemas["source.schema.json"], read(front)) == [], path


SOURCE = "---\ntitle: A report\npublished: 2023-01-11\n---\nThe leaders signed the pact in Tokyo.\n"
GOOD_CLAIMS = """claims:
  - id: signed-in-tokyo
    claim: The leaders signed the pact in Tokyo.
    published: 2023-01-12T10:00:00Z
    tags: [pact]
    stances:
      report: {stance: agrees, quote: signed the pact in Tokyo, note: Says so.}
"""


@pytest.mark.parametrize("claims, valid", [
    (GOOD_CLAIMS, True),
    (GOOD_CLAIMS.replace("tags:", "tagz:"), False),  # an unknown key
    (GOOD_CLAIMS.replace("id: signed-in-tokyo", "id: Signed_In_Tokyo"), False),  # not an id
    (GOOD_CLAIMS.replace("stance: agrees", "stance: agree"), False),  # not a stance
    (GOOD_CLAIMS.replace("    claim: The leaders signed the pact in Tokyo.\n", ""), False),  # required key missing
    (GOOD_CLAIMS.replace("2023-01-12T10:00:00Z", "12 January 2023"), False),  # not a date
    (GOOD_CLAIMS.replace("tags: [pact]", "draft: true"), True),
])
def test_schema_and_checker_agree_on_claims_files(schemas, scratch_site, claims, valid):
    content = scratch_site({"sources/report.md": SOURCE, "claims.yaml": claims})
    checked = run_cli("check", "--content", content)
    assert (checked.returncode == 0) is valid, checked.stderr
    assert (errors(schemas["claims.schema.json"], read(claims)) == []) is valid


@pytest.mark.parametrize("site, valid", [
    (SCRATCH_SITE + "unreviewed: confident\nconfident_above: 0.9\ntimezone: Europe/London\n", True),
    (SCRATCH_SITE + "unreviewed: some\n", False),
    (SCRATCH_SITE + "titel: x\n", False),
    (SCRATCH_SITE.replace("https://scratch.example.org/", "ftp://scratch.example.org/"), False),
    (SCRATCH_SITE + "language: english language\n", False),
])
def test_schema_and_checker_agree_on_site_yaml(schemas, scratch_site, site, valid):
    content = scratch_site({"site.yaml": site, "sources/report.md": SOURCE, "claims.yaml": GOOD_CLAIMS})
    checked = run_cli("check", "--content", content)
    assert (checked.returncode == 0) is valid, checked.stderr
    assert (errors(schemas["site.schema.json"], read(site)) == []) is valid


def test_source_front_matter_schema_allows_cms_keys_but_not_both_names_of_one(schemas):
    schema = schemas["source.schema.json"]
    assert errors(schema, read("title: A\ndate: 2023-01-11\ncategories: [x]\n")) == []
    assert errors(schema, read("title: A\ndate: 2023-01-11\npublished: 2023-01-11\n"))
    assert errors(schema, read("outlet: no title\n"))


def test_the_shipped_schemas_are_current_and_the_example_files_name_them(schemas):
    """schemas/ (what the example files' yaml-language-server lines point to) is what
    `factcheck schema` writes today: run it after changing generator/schema.py."""
    shipped = EXAMPLE_CONTENT.parent / "schemas"
    for name, schema in schemas.items():
        assert json.loads((shipped / name).read_text(encoding="utf-8")) == schema, name
    assert (EXAMPLE_CONTENT / "site.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/site.schema.json\n")
    for path in sorted((EXAMPLE_CONTENT / "claims").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../../schemas/claims.schema.json\n"), path
