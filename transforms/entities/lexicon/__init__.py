"""Per-language word lists (data) for cleaning and naming entities: de.json, en.json, ru.json."""
