"""Language-neutral unit tables: currency signs and ISO codes, unit symbols, seconds per unit.

Words of one language (currency names, time-unit nouns, scale words) live in de.py,
ru.py and en.py; lexicon.py joins them per language.
"""

from __future__ import annotations

CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "¥": "CNY", "₹": "INR",
    "₴": "UAH", "₺": "TRY", "₩": "KRW", "元": "CNY", "руб": "RUB", "р": "RUB",
}
ISO_CODES = {
    "USD", "EUR", "RUB", "CNY", "GBP", "JPY", "CHF", "INR", "UAH", "TRY", "KRW", "CAD",
    "AUD", "NZD", "HKD", "MXN", "BRL", "SEK", "NOK", "DKK", "PLN", "CZK", "KZT", "BYN",
    "RMB", "SGD", "ZAR", "SAR", "AED", "IRR", "ILS", "HUF",
}
ISO_ALIASES = {"RMB": "CNY", "US": "USD"}  # codes written otherwise
# "долларов США", "dollars US"
CURRENCY_COUNTRY_SUFFIX = {"сша": "USD", "us": "USD", "usa": "USD"}
# unit symbols glued to digits ("100km", "5kg"): a quantity of that unit
UNIT_SYMBOLS = {"km", "kg", "m", "t", "mm", "cm", "mw", "gw", "kw", "kwh", "ha", "l"}
PERCENT_SIGNS = ("%", "％")
SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
           "month": 2629800, "year": 31557600}
