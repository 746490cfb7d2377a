"""Template fragments rendered once and reused (`Fragments`, Hugo's partialCached)."""

from __future__ import annotations

import jinja2
import pytest

from generator.render import Fragments

LIST = '{% for k in keys %}{% call fragment("item", k) %}<li>{{ k }}{{ count() }}</li>{% endcall %}{% endfor %}'


@pytest.fixture
def env():
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals["rendered"] = []
    env.globals["count"] = lambda: env.globals["rendered"].append(1) or ""
    return env


def test_a_fragment_is_rendered_once_per_key_and_scope(env):
    fragments = Fragments()
    template = env.from_string(LIST)
    html = template.render(keys=["x", "y", "x"], fragment=fragments.for_page("index.html", "depth-0"))
    assert html == "<li>x</li><li>y</li><li>x</li>"
    assert len(env.globals["rendered"]) == 2
    # another page with the same scope reuses them; another scope (links made from
    # another depth) renders its own
    template.render(keys=["x", "y"], fragment=fragments.for_page("matrix.html", "depth-0"))
    assert len(env.globals["rendered"]) == 2
    template.render(keys=["x"], fragment=fragments.for_page("tags/a/index.html", "depth-2"))
    assert len(env.globals["rendered"]) == 3


def test_a_later_build_reuses_what_the_pages_it_keeps_used(env):
    first = Fragments()
    template = env.from_string(LIST)
    template.render(keys=["x", "y"], fragment=first.for_page("index.html", "s"))
    template.render(keys=["z"], fragment=first.for_page("tags/a/index.html", "s"))
    saved = first.kept(["index.html", "tags/a/index.html"])
    env.globals["rendered"].clear()

    later = Fragments(saved)
    html = template.render(keys=["x", "w"], fragment=later.for_page("index.html", "s"))
    assert html == "<li>x</li><li>w</li>" and len(env.globals["rendered"]) == 1  # only w is new
    # a page not rendered again keeps its saved fragments; a page gone loses them
    kept = later.kept(["index.html", "tags/a/index.html"])
    assert len(kept["index.html"]) == 2 and kept["tags/a/index.html"] == saved["tags/a/index.html"]
    assert "tags/a/index.html" not in later.kept(["index.html"])


def test_fragment_keys_must_be_strings(env):
    with pytest.raises(TypeError, match="keys must be strings"):
        env.from_string('{% call fragment("item", 1) %}x{% endcall %}').render(
            fragment=Fragments().for_page("index.html", "s"))


def test_fragments_of_one_name_in_two_templates_are_not_one(env):
    env.loader = jinja2.DictLoader({"a.html": '{% call fragment("item", "k") %}A{% endcall %}',
                                    "b.html": '{% call fragment("item", "k") %}B{% endcall %}'})
    fragments = Fragments()
    assert env.get_template("a.html").render(fragment=fragments.for_page("a.html", "s")) == "A"
    assert env.get_template("b.html").render(fragment=fragments.for_page("b.html", "s")) == "B"
