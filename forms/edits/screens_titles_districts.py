"""Workbook edit (branch `screens`): form title per language, districts of every region,
a stated length for the two-letter client-code parts.

Idempotent: run it twice and the second run changes nothing. Existing choice codes are kept
as they are; a district is added only if its code is not in the `district` list yet.

    .venv/bin/python forms/edits/screens_titles_districts.py [path/to/workbook.xlsx]
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

WORKBOOK = Path(__file__).resolve().parents[1] / "violation_registration.xlsx"

# Settings columns pyxform passes through untouched (a translated `form_title::…` breaks the
# XForm pyxform builds, so ODK and Kobo would refuse the workbook). Kua reads these as the
# title in each language; `form_title` stays the default-language title.
TITLES = {
    "kua_form_title::Kazakh (kk)": "Адам құқықтарының бұзылуын тіркеу",
    "kua_form_title::English (en)": "Registration of human rights violations",
}

LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
UIC_CONSTRAINT = f"string-length(.) = 2 and regex(., '^[{LETTERS}]{{2}}$')"
UIC_FIELDS = ("uic_mother_name", "uic_father_name")


def _city(code: str, ru: str, kk: str, en: str) -> tuple[str, str, str, str]:
    return (code, f"город {ru}", f"{kk} қаласы", f"{en} (city)")


def _district(code: str, ru: str, kk: str, en: str) -> tuple[str, str, str, str]:
    return (code, f"{ru} район", f"{kk} ауданы", f"{en} District")


C, D = _city, _district

# region code -> districts and cities of regional significance (city districts for the
# three cities of republican significance), as of the 2022 division.
DISTRICTS: dict[str, list[tuple[str, str, str, str]]] = {
    "abai": [
        C("semey", "Семей", "Семей", "Semey"),
        C("kurchatov", "Курчатов", "Курчатов", "Kurchatov"),
        D("abai_district", "Абайский", "Абай", "Abai"),
        D("aksuat", "Аксуатский", "Ақсуат", "Aksuat"),
        D("ayagoz", "Аягозский", "Аягөз", "Ayagoz"),
        D("beskaragai", "Бескарагайский", "Бесқарағай", "Beskaragai"),
        D("borodulikha", "Бородулихинский", "Бородулиха", "Borodulikha"),
        D("zharma", "Жарминский", "Жарма", "Zharma"),
        D("zhanasemey", "Жанасемейский", "Жаңасемей", "Zhanasemey"),
        D("kokpekty", "Кокпектинский", "Көкпекті", "Kokpekty"),
        D("makanchi", "Маканчинский", "Мақаншы", "Makanchi"),
        D("urzhar", "Урджарский", "Үржар", "Urzhar"),
    ],
    "akmola": [
        C("kokshetau", "Кокшетау", "Көкшетау", "Kokshetau"),
        C("stepnogorsk", "Степногорск", "Степногор", "Stepnogorsk"),
        C("kosshy", "Косшы", "Қосшы", "Kosshy"),
        D("akkol", "Аккольский", "Ақкөл", "Akkol"),
        D("arshaly", "Аршалынский", "Аршалы", "Arshaly"),
        D("astrakhan", "Астраханский", "Астрахан", "Astrakhan"),
        D("atbasar", "Атбасарский", "Атбасар", "Atbasar"),
        D("birzhan_sal", "Биржан сала", "Біржан сал", "Birzhan Sal"),
        D("bulandy", "Буландынский", "Бұланды", "Bulandy"),
        D("burabay", "Бурабайский", "Бурабай", "Burabay"),
        D("egindykol", "Егиндыкольский", "Егіндікөл", "Egindykol"),
        D("ereymentau", "Ерейментауский", "Ерейментау", "Ereymentau"),
        D("esil_akmola", "Есильский", "Есіл", "Esil"),
        D("zhaksy", "Жаксынский", "Жақсы", "Zhaksy"),
        D("zharkain", "Жаркаинский", "Жарқайың", "Zharkain"),
        D("zerendi", "Зерендинский", "Зеренді", "Zerendi"),
        D("korgalzhyn", "Коргалжынский", "Қорғалжын", "Korgalzhyn"),
        D("sandyktau", "Сандыктауский", "Сандықтау", "Sandyktau"),
        D("tselinograd", "Целиноградский", "Целиноград", "Tselinograd"),
        D("shortandy", "Шортандинский", "Шортанды", "Shortandy"),
    ],
    "aktobe": [
        C("aktobe_city", "Актобе", "Ақтөбе", "Aktobe"),
        D("aiteke_bi", "Айтекебийский", "Әйтеке би", "Aiteke Bi"),
        D("alga", "Алгинский", "Алға", "Alga"),
        D("baiganin", "Байганинский", "Байғанин", "Baiganin"),
        D("irgiz", "Иргизский", "Ырғыз", "Irgiz"),
        D("kargaly", "Каргалинский", "Қарғалы", "Kargaly"),
        D("martuk", "Мартукский", "Мәртөк", "Martuk"),
        D("mugalzhar", "Мугалжарский", "Мұғалжар", "Mugalzhar"),
        D("temir", "Темирский", "Темір", "Temir"),
        D("uil", "Уилский", "Ойыл", "Uil"),
        D("khobda", "Хобдинский", "Қобда", "Khobda"),
        D("khromtau", "Хромтауский", "Хромтау", "Khromtau"),
        D("shalkar", "Шалкарский", "Шалқар", "Shalkar"),
    ],
    "atyrau": [
        C("atyrau_city", "Атырау", "Атырау", "Atyrau"),
        D("zhylyoi", "Жылыойский", "Жылыой", "Zhylyoi"),
        D("inder", "Индерский", "Индер", "Inder"),
        D("isatai", "Исатайский", "Исатай", "Isatai"),
        D("kurmangazy", "Курмангазинский", "Құрманғазы", "Kurmangazy"),
        D("kyzylkoga", "Кызылкогинский", "Қызылқоға", "Kyzylkoga"),
        D("makat", "Макатский", "Мақат", "Makat"),
        D("makhambet", "Махамбетский", "Махамбет", "Makhambet"),
    ],
    "east_kazakhstan": [
        C("oskemen", "Усть-Каменогорск", "Өскемен", "Oskemen"),
        C("ridder", "Риддер", "Риддер", "Ridder"),
        D("altai_district", "Алтайский", "Алтай", "Altai"),
        D("glubokoe", "Глубоковский", "Глубокое", "Glubokoe"),
        D("zaisan", "Зайсанский", "Зайсан", "Zaisan"),
        D("katon_karagai", "Катон-Карагайский", "Катонқарағай", "Katon-Karagai"),
        D("kurchum", "Курчумский", "Күршім", "Kurchum"),
        D("markakol", "Маркакольский", "Марқакөл", "Markakol"),
        D("samar", "Самарский", "Самар", "Samar"),
        D("tarbagatai", "Тарбагатайский", "Тарбағатай", "Tarbagatai"),
        D("ulan", "Уланский", "Ұлан", "Ulan"),
        D("shemonaikha", "Шемонаихинский", "Шемонаиха", "Shemonaikha"),
    ],
    "zhambyl": [
        C("taraz", "Тараз", "Тараз", "Taraz"),
        D("baizak", "Байзакский", "Бәйзақ", "Baizak"),
        D("zhambyl_zhambyl", "Жамбылский", "Жамбыл", "Zhambyl"),
        D("zhualy", "Жуалынский", "Жуалы", "Zhualy"),
        D("kordai", "Кордайский", "Қордай", "Kordai"),
        D("merki", "Меркенский", "Мерке", "Merki"),
        D("moiynkum", "Мойынкумский", "Мойынқұм", "Moiynkum"),
        D("sarysu", "Сарысуский", "Сарысу", "Sarysu"),
        D("talas", "Таласский", "Талас", "Talas"),
        D("ryskulov", "Турара Рыскулова", "Тұрар Рысқұлов", "Turar Ryskulov"),
        D("shu", "Шуский", "Шу", "Shu"),
    ],
    "west_kazakhstan": [
        C("oral", "Уральск", "Орал", "Oral"),
        D("akzhaik", "Акжаикский", "Ақжайық", "Akzhaik"),
        D("baiterek", "Байтерекский", "Бәйтерек", "Baiterek"),
        D("bokeiorda", "Бокейординский", "Бөкей орда", "Bokei Orda"),
        D("burli", "Бурлинский", "Бөрлі", "Burli"),
        D("zhanakala", "Жанакалинский", "Жаңақала", "Zhanakala"),
        D("zhanibek", "Жанибекский", "Жәнібек", "Zhanibek"),
        D("karatobe", "Каратобинский", "Қаратөбе", "Karatobe"),
        D("kaztalov", "Казталовский", "Казталов", "Kaztalov"),
        D("syrym", "Сырымский", "Сырым", "Syrym"),
        D("taskala", "Таскалинский", "Тасқала", "Taskala"),
        D("terekti", "Теректинский", "Теректі", "Terekti"),
        D("shyngyrlau", "Чингирлауский", "Шыңғырлау", "Shyngyrlau"),
    ],
    "karaganda": [
        C("karaganda_city", "Караганда", "Қарағанды", "Karaganda"),
        C("balkhash_city", "Балхаш", "Балқаш", "Balkhash"),
        C("priozersk", "Приозёрск", "Приозерск", "Priozersk"),
        C("saran", "Сарань", "Саран", "Saran"),
        C("temirtau", "Темиртау", "Теміртау", "Temirtau"),
        C("shakhtinsk", "Шахтинск", "Шахтинск", "Shakhtinsk"),
        D("abai_karaganda", "Абайский", "Абай", "Abai"),
        D("aktogai_karaganda", "Актогайский", "Ақтоғай", "Aktogai"),
        D("bukhar_zhyrau", "Бухар-Жырауский", "Бұқар жырау", "Bukhar-Zhyrau"),
        D("karkaraly", "Каркаралинский", "Қарқаралы", "Karkaraly"),
        D("nura", "Нуринский", "Нұра", "Nura"),
        D("osakarov", "Осакаровский", "Осакаров", "Osakarov"),
        D("shet", "Шетский", "Шет", "Shet"),
    ],
    "kostanay": [
        C("kostanay_city", "Костанай", "Қостанай", "Kostanay"),
        C("arkalyk", "Аркалык", "Арқалық", "Arkalyk"),
        C("lisakovsk", "Лисаковск", "Лисаков", "Lisakovsk"),
        C("rudny", "Рудный", "Рудный", "Rudny"),
        D("altynsarin", "Алтынсаринский", "Алтынсарин", "Altynsarin"),
        D("amangeldy", "Амангельдинский", "Амангелді", "Amangeldy"),
        D("auliekol", "Аулиекольский", "Әулиекөл", "Auliekol"),
        D("beimbet_mailin", "Беимбета Майлина", "Бейімбет Майлин", "Beimbet Mailin"),
        D("denisov", "Денисовский", "Денисов", "Denisov"),
        D("zhangeldy", "Джангельдинский", "Жангелдин", "Zhangeldy"),
        D("zhitikara", "Житикаринский", "Жітіқара", "Zhitikara"),
        D("kamysty", "Камыстинский", "Қамысты", "Kamysty"),
        D("karabalyk", "Карабалыкский", "Қарабалық", "Karabalyk"),
        D("karasu", "Карасуский", "Қарасу", "Karasu"),
        D("kostanay_district", "Костанайский", "Қостанай", "Kostanay"),
        D("mendykara", "Мендыкаринский", "Меңдіқара", "Mendykara"),
        D("naurzum", "Наурзумский", "Наурызым", "Naurzum"),
        D("sarykol", "Сарыкольский", "Сарыкөл", "Sarykol"),
        D("uzunkol", "Узункольский", "Ұзынкөл", "Uzunkol"),
        D("fedorov", "Федоровский", "Федоров", "Fedorov"),
    ],
    "kyzylorda": [
        C("kyzylorda_city", "Кызылорда", "Қызылорда", "Kyzylorda"),
        D("aral", "Аральский", "Арал", "Aral"),
        D("zhalagash", "Жалагашский", "Жалағаш", "Zhalagash"),
        D("zhanakorgan", "Жанакорганский", "Жаңақорған", "Zhanakorgan"),
        D("kazaly", "Казалинский", "Қазалы", "Kazaly"),
        D("karmakshy", "Кармакшинский", "Қармақшы", "Karmakshy"),
        D("syrdarya", "Сырдарьинский", "Сырдария", "Syrdarya"),
        D("shieli", "Шиелийский", "Шиелі", "Shieli"),
    ],
    "mangystau": [
        C("aktau", "Актау", "Ақтау", "Aktau"),
        C("zhanaozen", "Жанаозен", "Жаңаөзен", "Zhanaozen"),
        D("beineu", "Бейнеуский", "Бейнеу", "Beineu"),
        D("karakiyan", "Каракиянский", "Қарақия", "Karakiyan"),
        D("mangystau_district", "Мангистауский", "Маңғыстау", "Mangystau"),
        D("munaily", "Мунайлинский", "Мұнайлы", "Munaily"),
        D("tupkaragan", "Тупкараганский", "Түпқараған", "Tupkaragan"),
    ],
    "pavlodar": [
        C("pavlodar_city", "Павлодар", "Павлодар", "Pavlodar"),
        C("aksu_pavlodar", "Аксу", "Ақсу", "Aksu"),
        C("ekibastuz", "Экибастуз", "Екібастұз", "Ekibastuz"),
        D("akkuly", "Аккулинский", "Аққулы", "Akkuly"),
        D("aktogai_pavlodar", "Актогайский", "Ақтоғай", "Aktogai"),
        D("bayanaul", "Баянаульский", "Баянауыл", "Bayanaul"),
        D("zhelezin", "Железинский", "Железин", "Zhelezin"),
        D("irtysh", "Иртышский", "Ертіс", "Irtysh"),
        D("maisky", "Майский", "Май", "May"),
        D("pavlodar_district", "Павлодарский", "Павлодар", "Pavlodar"),
        D("terenkol", "Теренкольский", "Тереңкөл", "Terenkol"),
        D("uspenka", "Успенский", "Успен", "Uspenka"),
        D("sharbakty", "Щербактинский", "Шарбақты", "Sharbakty"),
    ],
    "north_kazakhstan": [
        C("petropavl", "Петропавловск", "Петропавл", "Petropavl"),
        D("aiyrtau", "Айыртауский", "Айыртау", "Aiyrtau"),
        D("akkayin", "Аккайынский", "Аққайың", "Akkayin"),
        D("akzhar", "Акжарский", "Ақжар", "Akzhar"),
        D("esil_north", "Есильский", "Есіл", "Esil"),
        D("zhambyl_north", "Жамбылский", "Жамбыл", "Zhambyl"),
        D("kyzylzhar", "Кызылжарский", "Қызылжар", "Kyzylzhar"),
        D("magzhan_zhumabaev", "Магжана Жумабаева", "Мағжан Жұмабаев", "Magzhan Zhumabaev"),
        D("mamlyut", "Мамлютский", "Мамлют", "Mamlyut"),
        D("gabit_musrepov", "Габита Мусрепова", "Ғабит Мүсірепов", "Gabit Musrepov"),
        D("taiynsha", "Тайыншинский", "Тайынша", "Taiynsha"),
        D("timiryazev", "Тимирязевский", "Тимирязев", "Timiryazev"),
        D("ualikhanov", "Уалихановский", "Уәлиханов", "Ualikhanov"),
        D("shal_akyn", "Шал акына", "Шал ақын", "Shal Akyn"),
    ],
    "turkistan": [
        C("turkistan_city", "Туркестан", "Түркістан", "Turkistan"),
        C("arys", "Арыс", "Арыс", "Arys"),
        C("kentau", "Кентау", "Кентау", "Kentau"),
        D("baidibek", "Байдибекский", "Бәйдібек", "Baidibek"),
        D("zhetysai", "Жетысайский", "Жетісай", "Zhetysai"),
        D("kazygurt", "Казыгуртский", "Қазығұрт", "Kazygurt"),
        D("keles", "Келесский", "Келес", "Keles"),
        D("maktaaral", "Мактааральский", "Мақтаарал", "Maktaaral"),
        D("ordabasy", "Ордабасинский", "Ордабасы", "Ordabasy"),
        D("otyrar", "Отырарский", "Отырар", "Otyrar"),
        D("sairam", "Сайрамский", "Сайрам", "Sairam"),
        D("saryagash", "Сарыагашский", "Сарыағаш", "Saryagash"),
        D("sauran", "Сауранский", "Сауран", "Sauran"),
        D("sozak", "Созакский", "Созақ", "Sozak"),
        D("tolebi", "Толебийский", "Төле би", "Tole Bi"),
        D("tulkibas", "Тюлькубасский", "Түлкібас", "Tulkibas"),
        D("shardara", "Шардаринский", "Шардара", "Shardara"),
    ],
    "ulytau": [
        C("zhezkazgan", "Жезказган", "Жезқазған", "Zhezkazgan"),
        C("karazhal", "Каражал", "Қаражал", "Karazhal"),
        C("satpayev", "Сатпаев", "Сәтбаев", "Satpayev"),
        D("zhanaarka", "Жанааркинский", "Жаңаарқа", "Zhanaarka"),
        D("ulytau_district", "Улытауский", "Ұлытау", "Ulytau"),
    ],
    "astana": [
        D("astana_almaty", "Алматы", "Алматы", "Almaty"),
        D("astana_baikonyr", "Байконыр", "Байқоңыр", "Baikonyr"),
        D("astana_yesil", "Есиль", "Есіл", "Yesil"),
        D("astana_nura", "Нура", "Нұра", "Nura"),
        D("astana_saraishyk", "Сарайшык", "Сарайшық", "Saraishyk"),
        D("astana_saryarka", "Сарыарка", "Сарыарқа", "Saryarka"),
    ],
    "almaty_city": [
        D("almaty_alatau", "Алатауский", "Алатау", "Alatau"),
        D("almaty_almaly", "Алмалинский", "Алмалы", "Almaly"),
        D("almaty_auezov", "Ауэзовский", "Әуезов", "Auezov"),
        D("almaty_bostandyk", "Бостандыкский", "Бостандық", "Bostandyk"),
        D("almaty_zhetysu", "Жетысуский", "Жетісу", "Zhetysu"),
        D("almaty_medeu", "Медеуский", "Медеу", "Medeu"),
        D("almaty_nauryzbay", "Наурызбайский", "Наурызбай", "Nauryzbay"),
        D("almaty_turksib", "Турксибский", "Түрксіб", "Turksib"),
    ],
    "shymkent": [
        D("shymkent_abai", "Абайский", "Абай", "Abai"),
        D("shymkent_al_farabi", "Аль-Фарабийский", "Әл-Фараби", "Al-Farabi"),
        D("shymkent_enbekshi", "Енбекшинский", "Еңбекші", "Enbekshi"),
        D("shymkent_karatau", "Каратауский", "Қаратау", "Karatau"),
        D("shymkent_turan", "Туранский", "Тұран", "Turan"),
    ],
}


def _columns(sheet: Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in sheet[1] if c.value is not None}


def _put(sheet: Worksheet, row: int, column: int, value: str) -> bool:
    if sheet.cell(row, column).value == value:
        return False
    sheet.cell(row, column).value = value
    return True


def set_titles(sheet: Worksheet) -> bool:
    changed = False
    for header, title in TITLES.items():
        column = _columns(sheet).get(header) or sheet.max_column + 1
        changed |= _put(sheet, 1, column, header)
        changed |= _put(sheet, 2, column, title)
    return changed


def set_uic_constraint(sheet: Worksheet) -> bool:
    columns = _columns(sheet)
    changed = False
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, columns["name"]).value in UIC_FIELDS:
            changed |= _put(sheet, row, columns["constraint"], UIC_CONSTRAINT)
    return changed


def add_districts(sheet: Worksheet) -> bool:
    columns = _columns(sheet)
    existing = {
        sheet.cell(row, columns["name"]).value
        for row in range(2, sheet.max_row + 1)
        if sheet.cell(row, columns["list_name"]).value == "district"
    }
    rows = range(1, sheet.max_row + 1)
    last = max(r for r in rows if sheet.cell(r, columns["list_name"]).value == "district")
    new_rows = [
        ("district", code, ru, kk, en, region)
        for region, districts in DISTRICTS.items()
        for code, ru, kk, en in districts
        if code not in existing
    ]
    if not new_rows:
        return False
    sheet.insert_rows(last + 1, len(new_rows))
    order = [
        "list_name",
        "name",
        "label::Russian (ru)",
        "label::Kazakh (kk)",
        "label::English (en)",
        "region",
    ]
    for offset, values in enumerate(new_rows):
        for header, value in zip(order, values, strict=True):
            sheet.cell(last + 1 + offset, columns[header]).value = value
    return True


def main(path: Path) -> None:
    workbook = openpyxl.load_workbook(path)
    changes = [
        set_titles(workbook["settings"]),
        set_uic_constraint(workbook["survey"]),
        add_districts(workbook["choices"]),
    ]
    if any(changes):  # saving rewrites the file's bytes even when nothing changed
        workbook.save(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else WORKBOOK)
