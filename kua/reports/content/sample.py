"""A small ReportData with Kazakh and Russian text, for renderer tests and previews."""

from __future__ import annotations

from kua.documents.data import Cell, Quote, Recommendation, ReportData, Section, Table, TableRow


def _count_row(label: str, key: str, count: int | None, base: int) -> TableRow:
    if count is None:
        return TableRow(label, (Cell("<5", None, True), Cell("—", None, True)), key)
    share = round(100 * count / base, 1)
    return TableRow(label, (Cell(str(count), count), Cell(f"{share}%", share)), key)


def sample_report(edition: str = "internal", language: str = "kk") -> ReportData:
    base = 58
    police = Table(
        key="police_violations",
        title="Полиция қызметкерлерінің құқық бұзушылықтары",
        columns=("Респонденттер", "%"),
        label_header="Бұзушылық түрі",
        rows=(
            _count_row("Ақша бопсалау", "extortion", 31, base),
            _count_row("Қорлау", "humiliation", 22, base),
            _count_row("Құжатты алып қою", "passport_taken", None if edition == "public" else 3, base),
            _count_row("Заңсыз ұстау", "unlawful_detention", 12, base),
        ),
        note="Негіз: статистикаға келісім берген 58 респондент. Бір респондент бірнеше жауап бере алады.",
        chart_column=0,
    )
    complaints = Table(
        key="police_complaints",
        title="Шағымдар",
        columns=("иә", "жоқ", "барлығы"),
        label_header="Сұрақ",
        rows=(
            TableRow("Қайда жүгінуді біледі", (Cell("20", 20), Cell("38", 38), Cell("58", 58))),
            TableRow("Шағым түсірді", (Cell("7", 7), Cell("51", 51), Cell("58", 58))),
        ),
        note="Әр жолдың негізі — сұрақ қатысты болған респонденттер.",
    )
    return ReportData(
        language=language,
        edition=edition,
        title="Секс-жұмыскерлерге қатысты құқық бұзушылықтарды құжаттау: Жетісу облысы",
        organisation="«Шапағат» қоғамдық бірлестігі",
        period="2026 жылғы қыркүйек – қараша",
        authors="Әлия Сәрсенбаева, Дана Өмірзақова",
        generated_on="2026-11-20",
        edition_note=(
            "Ішкі басылым: нақты сандар, жариялауға болмайды"
            if edition == "internal"
            else "Жария басылым: 5-тен аз ұяшықтар жасырылған"
        ),
        sections=(
            Section(
                "summary",
                "Қысқаша мазмұны",
                paragraphs=("58 респондент сұхбат берді; 64% полиция тарапынан бұзушылық туралы айтты.",),
            ),
            Section("police", "Полиция", tables=(police, complaints)),
            Section(
                "voices",
                "Респонденттердің дауыстары",
                quotes=(
                    Quote(
                        "Олар ақша талап етті, әйтпесе хаттама толтырамыз деді. Қорықтым.", "Асель, 27 жас"
                    ),
                ),
            ),
            Section(
                "recommendations",
                "Ұсынымдар",
                recommendations=(
                    Recommendation(
                        "Облыстық полиция департаменті",
                        "Бопсалау туралы әрбір шағымды тіркеп, тексеру нәтижесін хабарлау.",
                        ("Полиция қызметкерлерінің құқық бұзушылықтары: Ақша бопсалау",),
                    ),
                ),
            ),
        ),
        labels={
            "page": "Бет",
            "of": "/",
            "contents": "Мазмұны",
            "chart": "Диаграмма",
            "source": "Дереккөз: Kua",
        },
    )
