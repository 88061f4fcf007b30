"""extract_quotes: quote marks, cue positions, speakers (mention, pronoun, title)."""

from __future__ import annotations

import re

import pytest

from transforms.entities.quotes import extract_quotes


def mentions(text: str, names: list[tuple[str, str]]) -> list[dict]:
    found = [
        {"char_start": m.start(), "char_end": m.end(), "text": name, "label": label}
        for name, label in names for m in re.finditer(re.escape(name), text)
    ]
    found.sort(key=lambda m: m["char_start"])
    for i, m in enumerate(found):
        m["mention_no"] = i
    return found


CASES = [
    # (lang, text, mentions, expected [(quote, speaker_text, speaker name or None, cue)])
    ("de", "„Die Lage ist ernst“, sagte Petrenko am Montag.", [("Petrenko", "PER")],
     [("Die Lage ist ernst", "Petrenko", "Petrenko", "sagte")]),
    ("de", 'Anna Weber traf Journalisten. "Wir bleiben dabei", sagte sie.', [("Anna Weber", "PER")],
     [("Wir bleiben dabei", "Anna Weber", "Anna Weber", "sagte")]),
    ("de", '"Wir sind bereit", so der Kreml-Sprecher.', [], [("Wir sind bereit", "der Kreml-Sprecher", None, "so")]),
    ("de", "Olaf Brenner erklärte weiter:\n“Wir werden handeln.”", [("Olaf Brenner", "PER")],
     [("Wir werden handeln.", "Olaf Brenner", "Olaf Brenner", "erklärte")]),
    ("de", "Die Lage sei schwierig, sagte der polnische Premier: »Niemand will Krieg.«", [],
     [("Niemand will Krieg.", "der polnische Premier", None, "sagte")]),
    ("de", "„Beide Seiten sollten mehr tun“, betonte der Berater des Präsidenten, Jakob Lind.", [("Jakob Lind", "PER")],
     [("Beide Seiten sollten mehr tun", "Jakob Lind", "Jakob Lind", "betonte")]),
    ("de", "Das Jahr wurde zum „Jahr der Bildung“ erklärt.", [], []),
    ("ru", "«Переговоры прошли успешно», — заявил Игорь Смирнов.", [("Игорь Смирнов", "PER")],
     [("Переговоры прошли успешно", "Игорь Смирнов", "Игорь Смирнов", "заявил")]),
    ("ru", "Игорь Смирнов заявил: «Мы готовы к диалогу».", [("Игорь Смирнов", "PER")],
     [("Мы готовы к диалогу", "Игорь Смирнов", "Игорь Смирнов", "заявил")]),
    ("en", '"We will not back down," said Jane Holloway.', [("Jane Holloway", "PER")],
     [("We will not back down", "Jane Holloway", "Jane Holloway", "said")]),
    ("en", "“We will not back down,” Holloway said.", [("Holloway", "PER")],
     [("We will not back down", "Holloway", "Holloway", "said")]),
    ("de", "„Ein guter Tag“, sagte Brenner. ‚Wirklich gut‘, so Weber.", [("Brenner", "PER"), ("Weber", "PER")],
     [("Ein guter Tag", "Brenner", "Brenner", "sagte"), ("Wirklich gut", "Weber", "Weber", "so")]),
]


@pytest.mark.parametrize("lang, text, names, expected", CASES)
def test_quotes(lang: str, text: str, names: list, expected: list) -> None:
    ments = mentions(text, names)
    got = extract_quotes(text, lang, ments)
    by_no = {m["mention_no"]: m["text"] for m in ments}
    simple = [(q["text"], q["speaker_text"], by_no.get(q["speaker_mention_no"]), q["cue"]) for q in got]
    assert simple == expected
    for q in got:
        assert text[q["char_start"]:q["char_end"]] == q["text"]
        assert q["language"] == lang


def test_markdown_bold_around_closing_quote() -> None:
    text = 'Kai Roth sprach. "Die Zeit drängt**"**, sagte er.'
    ments = mentions(text, [("Kai Roth", "PER")])
    [q] = extract_quotes(text, "de", ments)
    assert q["text"] == "Die Zeit drängt" and q["speaker_mention_no"] == 0


# Prepositional attributions (laut / zufolge / nach Angaben / по словам / according to),
# speakers in relative clauses, colon forms across a line break, and traps.
ATTRIBUTION_CASES = [
    ("de", 'Laut Petra Olsen ist die Lage "sehr ernst".', [("Petra Olsen", "PER")],
     [("sehr ernst", "Petra Olsen", "Petra Olsen", "laut")]),
    ("de", 'Die Gespräche seien "konstruktiv" gewesen, laut Olsen.', [("Olsen", "PER")],
     [("konstruktiv", "Olsen", "Olsen", "laut")]),
    ("de", 'Dem Minister Karl Abend zufolge war das Treffen „ein Durchbruch“.', [("Karl Abend", "PER")],
     [("ein Durchbruch", "Karl Abend", "Karl Abend", "zufolge")]),
    ("de", '„Wir prüfen alles“, Abend zufolge.', [("Abend", "PER")],
     [("Wir prüfen alles", "Abend", "Abend", "zufolge")]),
    ("de", 'Nach Angaben von Nordgas sind die Lieferungen „vollständig gesichert“.', [("Nordgas", "ORG")],
     [("vollständig gesichert", "Nordgas", "Nordgas", "nach angaben von")]),
    ("de", 'Nach Angaben des Ministeriums ist die Lage „unter Kontrolle“.', [],
     [("unter Kontrolle", "des Ministeriums", None, "nach angaben")]),
    ("ru", "По словам Игоря Смирнова, «переговоры идут трудно».", [("Игоря Смирнова", "PER")],
     [("переговоры идут трудно", "Игоря Смирнова", "Игоря Смирнова", "по словам")]),
    ("ru", "«Решение принято», — по словам Смирнова.", [("Смирнова", "PER")],
     [("Решение принято", "Смирнова", "Смирнова", "по словам")]),
    ("en", 'According to Jane Holloway, "the deal is dead".', [("Jane Holloway", "PER")],
     [("the deal is dead", "Jane Holloway", "Jane Holloway", "according to")]),
    ("en", '"The deal is dead," according to Holloway.', [("Holloway", "PER")],
     [("The deal is dead", "Holloway", "Holloway", "according to")]),
    ("de", 'Brenner, der Olsen als "alten Freund" bezeichnete, reiste ab.', [("Brenner", "PER"), ("Olsen", "PER")],
     [("alten Freund", "Brenner", "Brenner", "bezeichnete")]),
    ("de", 'Anna Kessler, die den Plan „unverantwortlich“ nannte, stimmte dagegen.', [("Anna Kessler", "PER")],
     [("unverantwortlich", "Anna Kessler", "Anna Kessler", "nannte")]),
    ("en", 'Holloway, who called Brenner "a reliable partner", left early.', [("Holloway", "PER"), ("Brenner", "PER")],
     [("a reliable partner", "Holloway", "Holloway", "called")]),
    ("ru", "Смирнов, который назвал Ляхова «надёжным партнёром», уехал.", [("Смирнов", "PER"), ("Ляхова", "PER")],
     [("надёжным партнёром", "Смирнов", "Смирнов", "назвал")]),
    ("de", 'Olaf Brenner sprach lange über die Lage. Er sagte:\n"Wir bleiben standhaft."', [("Olaf Brenner", "PER")],
     [("Wir bleiben standhaft.", "Olaf Brenner", "Olaf Brenner", "sagte")]),
    ("en", 'Holloway then spoke. She said:\n\n“We will rebuild.”', [("Holloway", "PER")],
     [("We will rebuild.", "Holloway", "Holloway", "said")]),
    ("ru", "Смирнов выступил перед журналистами. Он заявил:\n«Мы справимся».", [("Смирнов", "PER")],
     [("Мы справимся", "Смирнов", "Смирнов", "заявил")]),
]
ATTRIBUTION_CASES += [
    ("de", 'Laut Plan beginnt der Bau im Mai. Das Projekt heißt "Nordlicht".', [], []),
    ("de", 'Der Motor war laut. Man taufte ihn "Donner".', [], []),
    ("en", 'The report, which ran to 90 pages, was titled "Open Roads".', [], []),
    ("de", '„Laut Plan geht es im Mai los“, sagte Olsen.', [("Olsen", "PER")],
     [("Laut Plan geht es im Mai los", "Olsen", "Olsen", "sagte")]),
]


@pytest.mark.parametrize("lang, text, names, expected", ATTRIBUTION_CASES)
def test_attributions(lang: str, text: str, names: list, expected: list) -> None:
    test_quotes(lang, text, names, expected)


# Real-article shapes (issue 14): titles and pronouns resolved to the person, transcript turns,
# speakers around a quote, names in quote marks and cut fragments that are no quotes.
SHAPE_CASES = [
    ("de", "Der ukrainische Außenminister Pavel Kuzmenko reiste nach Warschau. „Wir brauchen mehr Hilfe“, sagte der Außenminister.",
     [("Pavel Kuzmenko", "PER")], [("Wir brauchen mehr Hilfe", "Pavel Kuzmenko", "Pavel Kuzmenko", "sagte")]),
    ("de", "Der Sprecher der Regierung, Timo Vahl, blieb vage. „Dazu sagen wir nichts“, so der Regierungssprecher.",
     [("Timo Vahl", "PER")], [("Dazu sagen wir nichts", "Timo Vahl", "Timo Vahl", "so")]),
    ("de", "Bei einem Treffen mit dem polnischen Premier Jan Kowal äußerte er sich am Freitag zufrieden:\n“Wir kommen voran.”",
     [("Jan Kowal", "PER")], [("Wir kommen voran.", "Jan Kowal", "Jan Kowal", "äußerte")]),
    ("de", "Kanzlerin Ida Roth empfing am Montag den Präsidenten Leo Falk. Danach sagte sie: „Wir sind uns einig.“",
     [("Ida Roth", "PER"), ("Leo Falk", "PER")], [("Wir sind uns einig.", "Ida Roth", "Ida Roth", "sagte")]),
    ("de", "Ministerin Ida Roth sprach in Berlin. Roth erklärte weiter:\n„Die Reform kommt.“",
     [("Ida Roth", "PER")], [("Die Reform kommt.", "Roth", "Ida Roth", "erklärte")]),
    ("de", "„Wir helfen“, sagte Roth, „so lange es nötig ist.“", [("Roth", "PER")],
     [("Wir helfen", "Roth", "Roth", "sagte"), ("so lange es nötig ist.", "Roth", "Roth", "sagte")]),
    ("de", "Der Konzern „Nordwerk“ teilte mit, die Produktion laufe weiter.", [("Nordwerk", "ORG")], []),
    ("de", "Die Pipeline „Baltic Link 2“ ist fertig.", [], []),
    ("de", 'Sie nannte das "unfair, fügte aber hinzu, man sei "offen für Gespräche", sagte Roth.', [("Roth", "PER")],
     [("offen für Gespräche", "Roth", "Roth", "sagte")]),
    ("de", "Ida Roth: Guten Tag.\n\nWir beginnen.\n\nFrage: Wann?\n\nIda Roth: Bald.", [("Ida Roth", "PER")],
     [("Guten Tag.\n\nWir beginnen.", "Ida Roth", "Ida Roth", "turn"), ("Bald.", "Ida Roth", "Ida Roth", "turn")]),
    ("en", "Foreign Minister Hana Vok arrived in Oslo. \"We want peace,\" the minister said.",
     [("Hana Vok", "PER"), ("Oslo", "LOC")], [("We want peace", "Hana Vok", "Hana Vok", "said")]),
    ("en", "Trade Minister Ali Sen met President Omar Tal. \"It went well,\" he said.",
     [("Ali Sen", "PER"), ("Omar Tal", "PER")], [("It went well", "Ali Sen", "Ali Sen", "said")]),
    ("en", "The \"Arctic Star\" tanker docked on Monday.", [], []),
    ("en", "Omar Tal: Thank you all.\n\nQuestion: Is it over?\n\nOmar Tal: No.", [("Omar Tal", "PER")],
     [("Thank you all.", "Omar Tal", "Omar Tal", "turn"), ("No.", "Omar Tal", "Omar Tal", "turn")]),
    ("ru", "«Мы готовы, — сказал Смирнов, — но нужны гарантии».", [("Смирнов", "PER")],
     [("Мы готовы", "Смирнов", "Смирнов", "сказал"), ("но нужны гарантии", "Смирнов", "Смирнов", "сказал")]),
    ("ru", "«Нордгаз» заявил о сокращении добычи.", [("Нордгаз", "ORG")], []),
    ("ru", "Министр Игорь Смирнов встретился с послом Олегом Ляховым. «Встреча была полезной», — сказал он.",
     [("Игорь Смирнов", "PER"), ("Олегом Ляховым", "PER")], [("Встреча была полезной", "Игорь Смирнов", "Игорь Смирнов", "сказал")]),
    ("ru", "И.Смирнов: Добрый день, коллеги.\n\nНачнём.", [("И.Смирнов", "PER")],
     [("Добрый день, коллеги.\n\nНачнём.", "И.Смирнов", "И.Смирнов", "turn")]),
    ("ru", "Губернатор Игорь Смирнов провел совещание. «Работы завершены», — сказал губернатор.",
     [("Игорь Смирнов", "PER")], [("Работы завершены", "Игорь Смирнов", "Игорь Смирнов", "сказал")]),
]


@pytest.mark.parametrize("lang, text, names, expected", SHAPE_CASES)
def test_real_article_shapes(lang: str, text: str, names: list, expected: list) -> None:
    test_quotes(lang, text, names, expected)


def test_unresolved_title_falls_back_to_the_last_named_speaker() -> None:
    text = '„Wir prüfen das“, sagte Vahl. "Es bleibt dabei", so der Sprecher.'
    ments = mentions(text, [("Vahl", "PER")])
    got = extract_quotes(text, "de", ments)
    assert [(q["text"], q["speaker_mention_no"]) for q in got] == [("Wir prüfen das", 0), ("Es bleibt dabei", 0)]


SECOND_ROUND_CASES = [
    ("de", "Ministerin Ida Roth traf am Montag ihren Amtskollegen. Die Ministerin sagte, das Treffen sei „sehr offen“ gewesen.",
     [("Ida Roth", "PER")], [("sehr offen", "Ida Roth", "Ida Roth", "sagte")]),
    ("de", "Wie Regierungssprecher Timo Vahl mitteilte, sei die Lage „unter Kontrolle“.", [("Timo Vahl", "PER")],
     [("unter Kontrolle", "Timo Vahl", "Timo Vahl", "mitteilte")]),
    ("ru", "Как заявил Смирнов, завод «работает в штатном режиме».", [("Смирнов", "PER")],
     [("работает в штатном режиме", "Смирнов", "Смирнов", "заявил")]),
    ("ru", "Министр Игорь Смирнов выступил в Думе. Он также отметил, что бюджет «сбалансирован».", [("Игорь Смирнов", "PER")],
     [("сбалансирован", "Игорь Смирнов", "Игорь Смирнов", "отметил")]),
    ("en", '"We are ready," said Gen. Ali Sen of the army.', [("Ali Sen", "PER")],
     [("We are ready", "Ali Sen", "Ali Sen", "said")]),
    ("en", 'Hana Vok left early. "It was useful," she told reporters, adding: "We will be back."', [("Hana Vok", "PER")],
     [("It was useful", "Hana Vok", "Hana Vok", "told"), ("We will be back.", "Hana Vok", "Hana Vok", "adding")]),
    ("de", "Der Minister Jan Kowal sagte laut der Agentur Nordpress: „Wir verhandeln weiter.“",
     [("Jan Kowal", "PER"), ("Nordpress", "ORG")], [("Wir verhandeln weiter.", "Jan Kowal", "Jan Kowal", "sagte")]),
]


@pytest.mark.parametrize("lang, text, names, expected", SECOND_ROUND_CASES)
def test_second_round_shapes(lang: str, text: str, names: list, expected: list) -> None:
    test_quotes(lang, text, names, expected)
