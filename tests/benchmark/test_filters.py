"""``bench --filter``: the pages are measured with the filters in their URL, and a bad filter is refused."""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys

import pytest

from dashboard.benchmark.pages import (
    PAGE_BY_KEY,
    Context,
    add_page_arguments,
    filters_argument,
    page_arguments,
    page_context,
    page_search,
)
from dashboard.data.schema import db
from dashboard.data.queries.filters import Filters
from dashboard.view_state import parse


def test_the_filters_reach_every_process_and_the_pages_url():
    context = Context(as_of=dt.date(2025, 12, 31), filters=filters_argument("thema=zorg&provincie=Utrecht"),
                      trajectory=7)
    assert context.filters == Filters(province="Utrecht", theme="zorg")
    parser = argparse.ArgumentParser()
    add_page_arguments(parser)
    assert page_context(parser.parse_args(["--page", "kaart", *page_arguments(context)])) == context
    search = page_search(PAGE_BY_KEY["trajecten"], context)
    state = parse(search)
    assert (state.filters, state.date(), state.trajectory) == (context.filters, context.as_of, 7)


def test_without_filters_the_url_and_arguments_carry_none():
    context = Context(as_of=dt.date(2008, 3, 4))
    assert page_search(PAGE_BY_KEY["kaart"], context) == "?stand=2008-03-04"
    assert "--filter" not in page_arguments(context)


@pytest.mark.parametrize("text", ["kleur=rood", "thema=zorg&kleur=rood", ""])
def test_an_unknown_filter_is_refused_in_dutch(text: str):
    with pytest.raises(argparse.ArgumentTypeError, match="onbekend filter"):
        filters_argument(text)


def test_the_command_refuses_an_unknown_filter_before_measuring_anything(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "bench", "--sizes", "114", "--filter", "kleur=rood", "--no-docs",
         "--workdir", str(tmp_path)], cwd=db.PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "onbekend filter 'kleur'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_programme_measured_reaches_every_process_and_the_pages_url():
    context = Context(as_of=dt.date(2025, 12, 31), filters=Filters(programme="synthetisch-042"), trajectory=9)
    parser = argparse.ArgumentParser()
    add_page_arguments(parser)
    assert page_context(parser.parse_args(["--page", "kaart", *page_arguments(context)])) == context
    assert parse(page_search(PAGE_BY_KEY["programmas"], context)).programme == "synthetisch-042"
