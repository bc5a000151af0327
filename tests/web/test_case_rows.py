"""The case list's rows written in Python are what the template's loop wrote."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from otkaz.web import formats

# the loop cases.html had before the rows moved to formats.case_rows
LOOP = """{% for c in cases %}
    <tr data-case="{{ c.id }}">
      <td><a href="{{ c.url }}">{{ c.id }}</a></td>
      <td><span class="type {{ c.type }}">{{ c.type or '—' }}</span></td>
      <td>{{ c.force or '—' }}</td>
      <td class="actor"><a href="{{ c.url }}">{{ c.actor or '(unnamed group)' }}</a></td>
      <td class="num">{{ c.count|count }}</td>
      <td class="when">{% for day in (c.when|when).split(' – ') %}{% if not loop.first %} – {% endif %}<span class="nowrap">{{ day }}</span>{% endfor %}</td>
      <td>{{ c.place|place(c.place_entry) }}</td>
      <td>{{ c.home|place(c.home_entry) }}</td>
      <td class="num">{{ c.n_mentions }}</td>
      <td class="num">{{ c.n_origins }}</td>
      <td class="num confidence">{{ c.confidence|confidence }}</td>
      <td><span class="status {{ c.status }}">{{ c.status }}</span></td>
    </tr>
  {% endfor %}"""  # noqa: E501


def _case(case_id: int, **values: Any) -> dict[str, Any]:
    return {"id": case_id, "key": f"k{case_id}", "status": "machine", "version": 1,
            "type": "refusal", "force": "army", "actor": "Nine sappers",
            "count": {"low": 9, "high": 9}, "when": {"start": "2023-05-01", "end": "2023-05-01"},
            "home": "Omsk", "place": "Брянке", "lat": None, "lon": None, "n_mentions": 2,
            "n_origins": 1, "confidence": 0.875, "url": f"/cases/{case_id}",
            "home_entry": "Omsk", "place_entry": "Bryanka"} | values


def test_rows_are_the_template_loops_markup_with_every_value_escaped() -> None:
    env = Environment(autoescape=True)
    formats.install(env)
    cases = [
        _case(1),
        _case(2, type=None, force=None, actor=None, count={"low": None, "high": 20},
              when=None, home=None, place=None, home_entry=None, place_entry=None,
              confidence=None, status="confirmed"),
        _case(3, actor="<script>alert('x')</script> & \"co\"", force="a<b",
              place="O'Brien & <Sons>", place_entry='"Quoted"', status="re\"jected",
              when={"start": "2022-02-24", "end": "2022-03-01"}, count={"low": 2, "high": None},
              type="<i>"),
        _case(4, actor="", when={"start": "2022-02-24", "end": None}),
    ]
    expected = env.from_string(LOOP).render(cases=cases)
    assert str(formats.case_rows(cases)) == expected
    assert "<script>" not in expected and "&lt;script&gt;" in expected
    assert str(formats.case_rows([])) == ""
