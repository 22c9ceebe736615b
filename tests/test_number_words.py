"""Dutch number words: the words the public thermometer prints next to the digits."""

import pytest

from dashboard.number_words import dutch_words


@pytest.mark.parametrize("n,expected", [
    (0, "nul"), (1, "één"), (2, "twee"), (13, "dertien"), (20, "twintig"), (21, "eenentwintig"),
    (22, "tweeëntwintig"), (23, "drieëntwintig"), (46, "zesenveertig"), (80, "tachtig"), (99, "negenennegentig"),
    (100, "honderd"), (101, "honderdeen"), (114, "honderdveertien"), (130, "honderddertig"),
    (131, "honderdeenendertig"), (200, "tweehonderd"), (999, "negenhonderdnegenennegentig"), (1000, "duizend"),
    (1001, "duizend een"), (2456, "tweeduizend vierhonderdzesenvijftig"), (21_000, "eenentwintigduizend"),
    (1_000_000, "een miljoen"), (3_000_130, "drie miljoen honderddertig"),
])
def test_dutch_words(n, expected):
    assert dutch_words(n) == expected


@pytest.mark.parametrize("n,expected", [
    (0, "nul"), (1, "één"), (21, "eenen·twintig"), (100, "honderd"), (114, "honderd·veertien"),
    (123, "honderd·drieën·twintig"), (131, "honderd·eenen·dertig"),
    (2456, "twee·duizend vier·honderd·zesen·vijftig"),
])
def test_soft_hyphens_mark_the_seams(n, expected):
    words = dutch_words(n, soft_hyphens=True)
    assert words.replace("\u00ad", "·") == expected
    assert words.replace("\u00ad", "") == dutch_words(n)


@pytest.mark.parametrize("n,error", [(-1, ValueError), (1_000_000_000, ValueError), (2.5, TypeError),
                                     (True, TypeError), ("5", TypeError)])
def test_rejects_what_it_cannot_write(n, error):
    with pytest.raises(error):
        dutch_words(n)
