"""Words for the SYNTHETIC sample data: module topics and activity titles in four languages.

Content only (no partner names): the generator in ``pipelines.sample.generate`` assigns these topics
to the partners configured in ``data/project.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A module topic: its code stem, SDGs, titles by language and where it fits best."""

    stem: str
    sdg_goals: tuple[int, ...]
    titles: dict[str, str]  # ISO 639-1 -> title; "en" always present
    work_package: str = "WP4"
    country: str | None = None  # country whose partners lead it first (e.g. Aral Sea -> UZ)


TOPICS: tuple[Topic, ...] = (
    Topic(
        "SLM",
        (15, 4, 13),
        {
            "en": "Fundamentals of Sustainable Land Management",
            "ru": "Основы устойчивого управления земельными ресурсами",
            "kk": "Жерді тұрақты басқару негіздері",
            "uz": "Yerdan barqaror foydalanish asoslari",
        },
        "WP3",
    ),
    Topic(
        "LDN",
        (15, 13),
        {
            "en": "Monitoring Land Degradation Neutrality",
            "ru": "Мониторинг нейтрального баланса деградации земель",
            "kk": "Жер тозуының бейтараптығын бақылау",
            "uz": "Yer degradatsiyasi neytralligini monitoring qilish",
        },
    ),
    Topic(
        "MSW",
        (11, 12),
        {
            "en": "Municipal Solid Waste Management",
            "ru": "Управление твёрдыми бытовыми отходами",
            "kk": "Қатты тұрмыстық қалдықтарды басқару",
            "uz": "Qattiq maishiy chiqindilarni boshqarish",
        },
    ),
    Topic(
        "CIRC",
        (12, 11),
        {
            "en": "Circular Economy and Recycling",
            "ru": "Циркулярная экономика и переработка отходов",
            "kk": "Айналмалы экономика және қалдықтарды қайта өңдеу",
            "uz": "Aylanma iqtisodiyot va chiqindilarni qayta ishlash",
        },
    ),
    Topic(
        "GIS",
        (15, 4),
        {
            "en": "GIS and Remote Sensing for Land Management",
            "ru": "ГИС и дистанционное зондирование в землеустройстве",
            "kk": "Жерге орналастырудағы ГАЖ және қашықтықтан зондтау",
            "uz": "Yer tuzishda GAT va masofaviy zondlash",
        },
        "WP5",
    ),
    Topic(
        "SOIL",
        (15, 13),
        {
            "en": "Soil Health and Salinity Control",
            "ru": "Здоровье почв и борьба с засолением",
            "kk": "Топырақ саулығы және тұздануға қарсы күрес",
            "uz": "Tuproq salomatligi va sho'rlanishga qarshi kurash",
        },
        country="UZ",
    ),
    Topic(
        "IRR",
        (15, 13, 7),
        {
            "en": "Water-Efficient and Solar-Powered Irrigation",
            "ru": "Водосберегающее орошение на солнечной энергии",
            "kk": "Күн энергиясымен суды үнемдейтін суару",
            "uz": "Quyosh energiyasida suvni tejovchi sug'orish",
        },
        country="UZ",
    ),
    Topic(
        "REN",
        (7, 13),
        {
            "en": "Renewable Energy for Rural Communities",
            "ru": "Возобновляемая энергетика для сельских сообществ",
            "kk": "Ауылдық қауымдастықтарға арналған жаңартылатын энергия",
            "uz": "Qishloq hamjamiyatlari uchun qayta tiklanuvchi energiya",
        },
    ),
    Topic(
        "EEB",
        (7, 11),
        {
            "en": "Energy Efficiency in Buildings",
            "ru": "Энергоэффективность зданий",
            "kk": "Ғимараттардың энергия тиімділігі",
            "uz": "Binolarning energiya samaradorligi",
        },
    ),
    Topic(
        "CCA",
        (13, 15),
        {
            "en": "Climate Change Adaptation in Agriculture",
            "ru": "Адаптация сельского хозяйства к изменению климата",
            "kk": "Ауыл шаруашылығын климаттың өзгеруіне бейімдеу",
            "uz": "Qishloq xo'jaligini iqlim o'zgarishiga moslashtirish",
        },
    ),
    Topic(
        "LFR",
        (11, 12, 15),
        {
            "en": "Landfill Rehabilitation",
            "ru": "Рекультивация полигонов твёрдых отходов",
            "kk": "Қалдық полигондарын рекультивациялау",
            "uz": "Chiqindi poligonlarini rekultivatsiya qilish",
        },
        country="KZ",
    ),
    Topic(
        "COMP",
        (12, 15),
        {
            "en": "Composting and Organic Waste Valorisation",
            "ru": "Компостирование и использование органических отходов",
            "uz": "Kompostlash va organik chiqindilardan foydalanish",
        },
    ),
    Topic(
        "EIA",
        (11, 13, 15),
        {
            "en": "Environmental Impact Assessment",
            "ru": "Оценка воздействия на окружающую среду",
            "kk": "Қоршаған ортаға әсерді бағалау",
            "uz": "Atrof-muhitga ta'sirni baholash",
        },
    ),
    Topic(
        "ESD",
        (4,),
        {
            "en": "Teaching Methods for Education for Sustainable Development",
            "ru": "Методы преподавания в образовании для устойчивого развития",
            "kk": "Тұрақты даму үшін білім берудегі оқыту әдістері",
            "uz": "Barqaror rivojlanish uchun ta'limda o'qitish usullari",
        },
        "WP2",
    ),
    Topic(
        "DIGI",
        (4, 15),
        {
            "en": "Digital Tools for Teaching Land Management",
            "ru": "Цифровые инструменты в преподавании землеустройства",
        },
        "WP5",
    ),
    Topic(
        "UGI",
        (11, 13, 15),
        {
            "en": "Urban Green Infrastructure",
            "ru": "Городская зелёная инфраструктура",
            "uz": "Shahar yashil infratuzilmasi",
        },
    ),
    Topic(
        "ARAL",
        (15, 13),
        {
            "en": "Desertification and the Aral Sea Region",
            "ru": "Опустынивание и регион Приаралья",
            "kk": "Шөлейттену және Арал өңірі",
            "uz": "Cho'llanish va Orolbo'yi mintaqasi",
        },
        country="UZ",
    ),
    Topic(
        "LPOL",
        (15, 11),
        {
            "en": "Land Policy and Governance",
            "ru": "Земельная политика и управление",
            "kk": "Жер саясаты және басқару",
            "uz": "Yer siyosati va boshqaruvi",
        },
    ),
    Topic(
        "WTE",
        (7, 12),
        {
            "en": "Waste-to-Energy Technologies",
            "ru": "Технологии получения энергии из отходов",
            "uz": "Chiqindilardan energiya olish texnologiyalari",
        },
    ),
    Topic(
        "CARB",
        (13,),
        {
            "en": "Carbon Accounting and Climate Finance",
            "ru": "Углеродный учёт и климатическое финансирование",
        },
    ),
    Topic(
        "PAST",
        (15, 13),
        {
            "en": "Sustainable Pasture Management",
            "ru": "Устойчивое управление пастбищами",
            "kk": "Жайылымдарды тұрақты басқару",
            "uz": "Yaylovlardan barqaror foydalanish",
        },
        country="KZ",
    ),
    Topic(
        "GREEN",
        (4, 12),
        {
            "en": "Entrepreneurship for Green Business",
            "ru": "Предпринимательство в зелёной экономике",
            "kk": "Жасыл бизнестегі кәсіпкерлік",
            "uz": "Yashil biznes uchun tadbirkorlik",
        },
        "WP5",
    ),
    Topic(
        "HAZ",
        (12, 11),
        {
            "en": "Industrial and Hazardous Waste",
            "ru": "Промышленные и опасные отходы",
            "uz": "Sanoat va xavfli chiqindilar",
        },
    ),
)

# Activity titles: "{topic}" is a topic title in the same language.
ACTIVITY_TITLES: dict[str, dict[str, str]] = {
    "en": {
        "event": "Info day: {topic}",
        "workshop": "Workshop: {topic}",
        "training": "Training for teachers: {topic}",
        "conference": "Conference paper: {topic}",
        "multiplier_event": "Multiplier event: {topic} for universities and employers",
        "publication": "Article: {topic} in Central Asia",
        "press": "Press release: {topic}",
        "social_media": "Social media campaign: {topic}",
        "website": "Web news: {topic}",
        "newsletter": "LESLIE newsletter: {topic}",
    },
    "ru": {
        "event": "Информационный день: {topic}",
        "workshop": "Семинар: {topic}",
        "training": "Тренинг для преподавателей: {topic}",
        "conference": "Доклад на конференции: {topic}",
        "multiplier_event": "Мультипликативное мероприятие: {topic}",
        "publication": "Статья: {topic} в Центральной Азии",
        "press": "Пресс-релиз: {topic}",
        "social_media": "Публикация в соцсетях: {topic}",
        "website": "Новость на сайте: {topic}",
        "newsletter": "Информационный бюллетень LESLIE: {topic}",
    },
    "kk": {
        "event": "Ақпараттық күн: {topic}",
        "workshop": "Семинар: {topic}",
        "training": "Оқытушыларға арналған тренинг: {topic}",
        "conference": "Конференциядағы баяндама: {topic}",
        "multiplier_event": "Мультипликативтік іс-шара: {topic}",
        "publication": "Мақала: {topic}",
        "press": "Баспасөз релизі: {topic}",
        "social_media": "Әлеуметтік желідегі жарияланым: {topic}",
        "website": "Сайттағы жаңалық: {topic}",
        "newsletter": "LESLIE ақпараттық бюллетені: {topic}",
    },
    "uz": {
        "event": "Axborot kuni: {topic}",
        "workshop": "Seminar: {topic}",
        "training": "O'qituvchilar uchun trening: {topic}",
        "conference": "Konferensiyada ma'ruza: {topic}",
        "multiplier_event": "Multiplikator tadbiri: {topic}",
        "publication": "Maqola: {topic}",
        "press": "Press-reliz: {topic}",
        "social_media": "Ijtimoiy tarmoqlarda post: {topic}",
        "website": "Saytdagi yangilik: {topic}",
        "newsletter": "LESLIE axborot byulleteni: {topic}",
    },
}

KICK_OFF_TITLE = "LESLIE kick-off meeting"
PARTNER_MEETING_TITLE = "LESLIE partner meeting and SLM Hub launch"

# Local teaching languages by country (module language lists, title languages).
LOCAL_LANGUAGES: dict[str, tuple[str, ...]] = {
    "ES": ("es",),
    "IT": ("it",),
    "CY": ("el",),
    "KZ": ("kk", "ru"),
    "UZ": ("uz", "ru"),
}
# Title language weights by country; countries not listed write titles in English.
TITLE_LANGUAGE_WEIGHTS: dict[str, dict[str, float]] = {
    "KZ": {"en": 0.40, "ru": 0.35, "kk": 0.25},
    "UZ": {"en": 0.40, "ru": 0.25, "uz": 0.35},
}
# Where activities abroad happen (ISO 3166-1 alpha-2).
ABROAD_COUNTRIES: tuple[str, ...] = ("DE", "BE", "FR", "PT", "NL", "AT", "PL", "TR", "KG", "TJ")

ASSESSMENT_TYPES: tuple[str, ...] = (
    "Written exam",
    "Project report",
    "Portfolio",
    "Case study presentation",
    "Online quiz and field project",
)
QUALITY_ASSURANCE: tuple[str, ...] = (
    "Internal quality assurance of the awarding university",
    "Accredited by the national quality assurance agency",
    "Peer review by the consortium quality board",
    "Programme committee review with external examiner",
)
LEARNING_OUTCOMES = (
    "The learner can explain the principles of {topic}; apply them to a case in Central Asia; "
    "evaluate options against SDG targets {goals}."
)

# The languages besides English a lead partner writes its modules' titles and learning
# outcomes in; partners outside Central Asia add Russian, the consortium's working language
# with the Central Asian learners.
TEXT_LANGUAGES_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "KZ": ("kk", "ru"),
    "UZ": ("uz", "ru"),
}
TEXT_LANGUAGES_OTHERS: tuple[str, ...] = ("ru",)
LEARNING_OUTCOMES_TEXT: dict[str, str] = {
    "en": LEARNING_OUTCOMES,
    "ru": (
        "Слушатель может объяснить основы курса «{topic}», применить их к случаю из "
        "Центральной Азии и оценить варианты решений по задачам ЦУР {goals}."
    ),
    "kk": (
        "Тыңдаушы «{topic}» курсының негіздерін түсіндіре алады, оларды Орталық Азиядағы "
        "нақты жағдайға қолдана алады және шешім нұсқаларын ТДМ {goals} міндеттері бойынша "
        "бағалай алады."
    ),
    "uz": (
        "Tinglovchi «{topic}» kursining asoslarini tushuntira oladi, ularni Markaziy "
        "Osiyodagi aniq holatga qo'llay oladi va yechim variantlarini BRM {goals} vazifalari "
        "bo'yicha baholay oladi."
    ),
}
# ISCED-F 2013 detailed field of each topic.
ISCED_FIELDS: dict[str, str] = {
    "SLM": "0521",
    "LDN": "0521",
    "MSW": "0712",
    "CIRC": "0712",
    "GIS": "0532",
    "SOIL": "0811",
    "IRR": "0811",
    "REN": "0713",
    "EEB": "0732",
    "CCA": "0811",
    "LFR": "0712",
    "COMP": "0712",
    "EIA": "0521",
    "ESD": "0114",
    "DIGI": "0114",
    "UGI": "0731",
    "ARAL": "0522",
    "LPOL": "0312",
    "WTE": "0713",
    "CARB": "0412",
    "PAST": "0811",
    "GREEN": "0413",
    "HAZ": "0712",
}
# Entry requirements by EQF level (levels not listed: none).
ENTRY_REQUIREMENTS: dict[int, str] = {
    7: "A bachelor's degree in a related field",
    8: "A master's degree in a related field",
}
# Titles of topics in the languages their ``titles`` lack (kept apart so the language a
# partner writes activity titles in, drawn from ``titles``, stays as it was).
MORE_TITLES: dict[str, dict[str, str]] = {
    "COMP": {"kk": "Компосттау және органикалық қалдықтарды кәдеге жарату"},
    "DIGI": {
        "kk": "Жерге орналастыруды оқытудың цифрлық құралдары",
        "uz": "Yer tuzishni o'qitishda raqamli vositalar",
    },
    "UGI": {"kk": "Қалалық жасыл инфрақұрылым"},
    "WTE": {"kk": "Қалдықтардан энергия алу технологиялары"},
    "CARB": {
        "kk": "Көміртек есебі және климаттық қаржыландыру",
        "uz": "Uglerod hisobi va iqlim moliyasi",
    },
    "HAZ": {"kk": "Өнеркәсіптік және қауіпті қалдықтар"},
}
