"""Russian words of quotations: speech verbs, pronouns, prepositions.

Add a Russian speech verb form here (``CUES``) and every quote shape can use it.
"""

from __future__ import annotations

# Speech verbs and other cues that attribute a quote ("«…», — заявил Ушаков").
CUES = [
    "заявил", "заявила", "заявили", "сказал", "сказала", "сказали", "отметил", "отметила",
    "подчеркнул", "подчеркнула", "сообщил", "сообщила", "добавил", "добавила", "заметил",
    "заметила", "пояснил", "пояснила", "указал", "указала", "констатировал", "заверил",
    "считает", "говорит", "написал", "написала", "ответил", "ответила", "признал", "уточнил",
    "назвал", "назвала", "назвали", "называет", "цитирует", "цитируют", "заявляет", "отмечает",
    "подчеркивает", "подчёркивает", "сообщает", "пишет", "добавив", "отметив", "подчеркнув",
]
# Verbs that follow their speaker right after a quote: "«…», Песков заявил".
CUES_AFTER_SPEAKER = ["заявил", "заявила", "сказал", "сказала"]
PRONOUNS = {"он", "она", "они"}
# Prepositions that make a following name an object ("встретился с X").
PREPOSITIONS = {"с", "со", "к", "ко", "у", "для", "о", "об", "обо", "про", "при", "между", "от", "без", "над",
                "под", "перед", "за"}
PARTICIPLES = {"добавив", "отметив", "подчеркнув"}
AS_WORDS = {"как"}  # "Как заявил X, …"
CONJUNCTIONS = {"и", "или", "а"}
NOT_SPEAKERS = {"вопрос", "ответ", "источник", "фото"}
SOURCE_CUES = [(r"по\s+словам", "after"), (r"по\s+данным", "after"), (r"по\s+мнению", "after")]
RELATIVE_PRONOUNS = ["который", "которая", "которые", "которого"]
STOP_WORDS = {"и", "в", "на", "во", "по", "при", "журналистам", "позже", "также"}
DETERMINERS: set[str] = set()
# Prepositions inside a title around an organisation ("пресс-секретарь в Кремле").
TITLE_PREPOSITIONS = {"в", "во", "на"}
