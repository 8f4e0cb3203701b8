"""Close kin and the letters or words that tell them apart: Malay and Indonesian, Nynorsk and Bokmål,
Bosnian, Croatian and Serbian, Faroese and Icelandic, Galician, Asturian, Portuguese and Spanish,
Corsican, Romansh and Italian, Yoruba, Tigrinya and Amharic."""

import pytest

from bench.eval_language import expected_code, load_units, overlapping_documents
from tests.support import CORPUS, requires_corpus
from transforms.kin import ruled_out, variety
from transforms.language import DEFAULT_MAX_CHARS, UNDETERMINED, detect
from transforms.letters import language_of_letters
from transforms.own_words import language_of_words

# News-like sentences written for these tests; each uses the spellings its standard prescribes.
MALAY = ("Menteri berkata bahawa kerajaan akan membina sebuah hospital baharu di negeri itu kerana "
         "permintaan rakyat semakin meningkat, iaitu lebih daripada dua kali ganda berbanding tahun lalu.")
INDONESIAN = ("Menteri mengatakan bahwa pemerintah akan membangun rumah sakit baru di provinsi itu karena "
              "permintaan warga terus meningkat, yaitu lebih dari dua kali lipat dibanding tahun lalu.")
NYNORSK = ("Regjeringa seier at ho ikkje vil endre budsjettet før valet. Det er berre eit lite fleirtal "
           "som støttar forslaget, og mange meiner at det vil koste mykje meir enn dei trudde.")
BOKMAL = ("Regjeringen sier at hun ikke vil endre budsjettet før valget. Det er bare et lite flertall "
          "som støtter forslaget, og mange mener at det vil koste mye mer enn de trodde.")
CROATIAN = ("Tijekom prošlog tjedna više od tisuću ljudi prosvjedovalo je u Zagrebu. Nitko iz vlade nije "
            "želio komentirati, a prosvjed je završio prije ponoći, 12. ožujka, bez incidenata.")
BOSNIAN = ("Tokom prošle sedmice više od hiljadu ljudi protestovalo je u Sarajevu. Niko iz vlade nije "
           "želio komentarisati, a protest je završio prije ponoći, 12. marta, bez incidenata.")
SERBIAN_LATIN = ("Tokom prošle nedelje više od hiljadu ljudi protestovalo je u Beogradu. Niko iz vlade nije "
                 "želeo da komentariše, a protest je završen pre ponoći, 12. marta, bez incidenata.")
# The vocabulary of the news, where each standard has its own word (vehicle, project, health,
# telephone) or its own spelling of a month or a day.
MALAY_NEWS = "Kenderaan projek kesihatan itu tiba pada hari Khamis, 14 Ogos, selepas mesyuarat di pejabat."
INDONESIAN_NEWS = "Kendaraan proyek kesehatan itu tiba pada hari Kamis, 14 Agustus, setelah rapat di kantor."
# Malay's -iti where Indonesian writes -itas, and the connectives each writes (selepas, manakala)
MALAY_ITI = ("Aktiviti komuniti itu diadakan selepas majlis perasmian, manakala kualiti udara di kawasan "
             "tersebut dipantau oleh agensi alam sekitar.")
INDONESIAN_ITAS = ("Aktivitas komunitas itu diadakan setelah acara peresmian, sementara kualitas udara di kawasan "
                   "tersebut dipantau oleh lembaga lingkungan hidup.")
# Javanese and Sundanese, which langdetect calls Indonesian, saying the same thing.
JAVANESE = ("Pamarentah ngumumake yen rega beras bakal mudhun ing sasi ngarep. Miturut menteri, panen taun iki "
            "luwih akeh tinimbang taun kepungkur, nanging isih akeh warga sing kuwatir babagan rega pupuk.")
SUNDANESE = ("Pamaréntah ngumumkeun yén harga béas bakal turun dina bulan hareup. Numutkeun menteri, panén taun "
             "ieu leuwih loba batan taun kamari, tapi masih loba warga anu hariwang ngeunaan harga pupuk.")
# Serbian in Cyrillic without the letters Macedonian lacks (ђ, ћ), and Macedonian saying the same.
SERBIAN_CYRILLIC = "Свако има право да буде саслушан пред судом, а нико не може бити лишен слободе без одлуке суда."
MACEDONIAN = "Секој има право да биде сослушан пред судот, а никој не може да биде лишен од слобода без одлука на судот."
# Galician, which fastText gives more Portuguese than Galician in a text this short, and its kin.
GALICIAN = ("O goberno anunciou onte un novo plan para mellorar o transporte público nas cidades. "
            "Segundo o ministro, as obras comezarán en xaneiro e rematarán antes do verán.")
# fastText gives it es 0.58, gl 0.29, and langdetect names Spanish
GALICIAN_FORMAL = ("Tódolos seres humanos nacen libres e iguais en dignidade e dereitos e, dotados como están "
                   "de razón e conciencia, díbense comportar fraternalmente uns cos outros.")
# Asturian, which fastText gives Spanish 0.87 and Asturian 0.05
ASTURIAN = ("El gobiernu anunció ayeri un planu nuevu pa ameyorar el tresporte públicu nes ciudaes. Según "
            "el ministru, los trabayos van entamar en xineru y acabarán enantes del branu.")
PORTUGUESE = ("O governo anunciou ontem um novo plano para melhorar o transporte público nas cidades. "
              "Segundo o ministro, as obras começarão em janeiro e terminarão antes do verão.")
SPANISH = ("El gobierno anunció ayer un nuevo plan para mejorar el transporte público en las ciudades. "
           "Según el ministro, las obras comenzarán en enero y terminarán antes del verano.")
# Corsican and Romansh, which langdetect calls Italian (fastText: Italian 0.67 and 0.39), and Italian
CORSICAN = ("Oghje u presidente di u Cunsigliu esecutivu di Corsica hà dettu chì ùn ci serà micca cambiamentu "
            "per l'impositi. Hè una decisione impurtante per tutti i Corsi, hà aghjuntu.")
ROMANSH = ("Il cussegl grond ha decidì oz da betg augmentar las taglias. Quai è ina decisiun impurtanta per "
           "tut ils abitants dal chantun, ha el ditg.")
ITALIAN = ("Oggi il presidente del Consiglio ha detto che non ci sarà nessun cambiamento per le tasse. È una "
           "decisione importante per tutti gli italiani, ha aggiunto.")
FAROESE_WITHOUT_SIGNATURE = "Hetta er ikki tað sum eg haldi um tey."  # no ð with ø: only its words tell
ICELANDIC = "Ég veit ekki hvað þetta er, en það er gott."
YORUBA = "Ẹnikẹ́ni ní ẹ̀tọ́ sí òmìnira láti ní èrò tirẹ̀, kí ó sì sọ èrò rẹ̀ jáde."
VIETNAMESE = "Bộ trưởng Bộ Ngoại giao Việt Nam đã gặp người đồng cấp vào thứ Ba để bàn về thương mại."
# After Article 1 of the Universal Declaration of Human Rights.
TIGRINYA = ("ብመንፅር ክብርን መሰልን ኩሎም ሰባት እንትውለዱ ነፃን ማዕሪን እዮም። ሕልናን ሕሊናን ዝተዓደሎም ብምዃኖም "
            "ንሕድሕዶም ብሕውነታዊ መንፈስ ክተሓላለዩ ኣለዎም።")
AMHARIC = ("የሰው ልጅ ሁሉ ሲወለድ ነጻና በክብርና በመብትም እኩልነት ያለው ነው። የተፈጥሮ ማስተዋልና ሕሊና ስላለው አንዱ "
           "ሌላውን በወንድማማችነት መንፈስ መመልከት ይገባዋል።")


@pytest.mark.parametrize(
    "text, language",
    [(MALAY, "ms"), (INDONESIAN, "id"), (NYNORSK, "nn"), (BOKMAL, "no"), (CROATIAN, "hr"),
     (BOSNIAN, "bs"), (SERBIAN_LATIN, "sr"), (FAROESE_WITHOUT_SIGNATURE, "fo"), (ICELANDIC, "is"),
     (JAVANESE, "jv"), (SUNDANESE, "su"), (GALICIAN, "gl"), (GALICIAN * 3, "gl"), (GALICIAN_FORMAL, "gl"),
     (PORTUGUESE, "pt"), (SPANISH, "es"), (MALAY_ITI, "ms"), (INDONESIAN_ITAS, "id"), (CORSICAN, "co"),
     (ROMANSH, "rm"), (ITALIAN, "it"), (ASTURIAN, "ast")],
)
def test_kin_are_named_by_the_words_their_standard_prescribes(text, language):
    detection = detect(text)
    assert detection.language == language
    assert 0.5 <= detection.score <= 1.0 and detection.script == "Latn"


@pytest.mark.parametrize(
    "text, detected, language",
    [(MALAY, "id", "ms"), (INDONESIAN, "ms", "id"), (NYNORSK, "no", "nn"), (BOKMAL, "nn", "no"),
     (MALAY_NEWS, "id", "ms"), (INDONESIAN_NEWS, "ms", "id"), (MALAY_ITI, "id", "ms"),
     (INDONESIAN_ITAS, "ms", "id"), (SERBIAN_CYRILLIC, "mk", "sr"),
     (MACEDONIAN, "mk", "mk"),
     (BOSNIAN, "hr", "bs"), (SERBIAN_LATIN, "hr", "sr"), (CROATIAN, "sr", "hr"),
     (FAROESE_WITHOUT_SIGNATURE, "is", "fo"), (GALICIAN, "pt", "gl"), (GALICIAN, "es", "gl"),
     (PORTUGUESE, "es", "pt"), (SPANISH, "pt", "es"), (CORSICAN, "it", "co"), (ROMANSH, "it", "rm"),
     (ITALIAN, "co", "it"), (ASTURIAN, "es", "ast"), (SPANISH, "ast", "es"), (GALICIAN, "ast", "gl")],
)
def test_whichever_kin_a_detector_names_the_words_decide(text, detected, language):
    assert variety(text, detected) == variety(text, language) == language


@pytest.mark.parametrize(
    "text, language",
    [("Prema recima ministra, radovi ce poceti u januaru i bice zavrseni pre leta.", "sr"),
     ("Prema rijecima ministra, radovi ce poceti u sijecnju i bit ce zavrseni prije ljeta.", "hr"),
     ("Prema rijecima ministra, radovi ce poceti u januaru i bice zavrseni prije ljeta.", "bs"),
     ("Predsjednik je u saopćenju naveo da će Evropska unija pomoći.", "bs"),
     ("Predsjednik je u priopćenju naveo da će Europska unija pomoći.", "hr"),
     ("Predsednik je u saopštenju naveo da će Evropska unija pomoći.", "sr")],
    ids=["serbian", "croatian", "bosnian", "bosnian-news", "croatian-news", "serbian-news"],
)
def test_kin_are_told_by_their_months_the_old_vowel_and_the_news_words_each_spells_its_own_way(text, language):
    # without č, ć, š: `januaru` against `sijecnju` (in January), `pre` against `prije` (before);
    # `saopćenje`, `priopćenje`, `saopštenje` (press release), `Evropa` against Croatian `Europa`
    assert variety(text, "hr") == language


@pytest.mark.parametrize(
    "text, language",
    [("Niko nije očekivao da će posljednji prijedlog proći umjesto sljedećeg.", "bs"),
     ("Niko nije očekivao da će poslednji predlog proći umesto sledećeg.", "sr")],
)
def test_the_old_vowels_reflex_in_common_news_words_tells_bosnian_from_serbian(text, language):
    # `niko` rules Croatian out; only the reflex (`posljednji`, `poslednji`) says which is left
    assert variety(text, "hr") == language and variety(text, "sr") == language


@pytest.mark.parametrize(
    "text, language",
    [("Tvrtka je na otoku otvorila tvornicu, a natjecanje za posao prati ravnatelj.", "hr"),
     ("Firma je na ostrvu otvorila fabriku, a takmičenje za posao prati direktor i niko drugi.", None),
     ("Firma je na ostrvu otvorila fabriku, a takmičenje za posao će vidjeti cijeli grad.", "bs"),
     ("Firma je na ostrvu otvorila fabriku, a takmičenje za posao će videti ceo grad.", "sr"),
     ("Niko ne smije biti podvrgnut mučenju.", "bs"), ("Niko ne sme biti podvrgnut mučenju.", "sr")],
    ids=["croatian", "not-croatian", "bosnian", "serbian", "bosnian-verb", "serbian-verb"],
)
def test_the_standards_own_words_and_the_reflex_in_common_verbs_tell_the_kin_apart(text, language):
    # `tvornica`, `otok`, `natjecanje` are Croatian's words for factory, island, competition;
    # Bosnian and Serbian write `fabrika`, `ostrvo`, `takmičenje`, and only the old vowel's
    # reflex (`vidjeti`, `cijeli`, `smije` against `videti`, `ceo`, `sme`) says which of them.
    assert variety(text, "hr") == language


def test_marker_words_are_looked_for_beyond_the_detectors_prefix():
    no_marker = "Kerajaan itu besar dan rakyat di negeri itu gembira dengan keputusan tersebut. " * 7
    assert len(no_marker) > DEFAULT_MAX_CHARS and detect(no_marker).language == "id"
    assert (detect(no_marker + MALAY).language, detect(no_marker + MALAY).basis) == ("ms", "variety")


def test_without_a_clear_lead_the_words_say_nothing():
    assert variety("bahawa bahwa", "id") is None  # one marker each
    assert variety("The minister said bahwa.", "en") is None  # English has no kin here
    assert variety("Kerajaan itu besar.", "ms") is None  # no marker at all
    assert variety("bahawa kerana bahwa", "id") == "ms"  # two against one
    assert variety("ikkje ikkje ikke ikke ikke", "nn") is None  # neither has twice the other's markers
    assert variety("ikkje ikke ikke", "nn") == "no"


def test_a_stray_javanese_word_in_indonesian_names_nothing():
    # `lan` (Javanese and) as a name; Indonesian's own `yang`, `dan`, `untuk` outweigh it
    indonesian = "Menteri Lan mengatakan bahwa pemerintah akan membangun jalan baru yang panjang dan lebar untuk warga."
    assert variety(indonesian, "id") == "id" and detect(indonesian).language == "id"


def test_a_word_two_sets_share_counts_in_each():
    assert variety("eg eg ikke", "no") == "nn"  # `eg` is Nynorsk, and Faroese too
    assert variety("eg hetta ekki", "is") == "fo"


def test_words_that_rule_an_answer_out_without_naming_its_kin_give_und():
    # `niko`, `šta` are Bosnian and Serbian, never Croatian; without a reflex of the old vowel
    # (`vrijeme`, `vreme`) nothing says which of the two.
    neither_reflex = ("Svako ima pravo da ga u punoj jednakosti pošteno i javno sasluša nepristran sud"
                      " radi utvrđivanja njegovih prava i obaveza.")
    assert variety(neither_reflex, "hr") is None and ruled_out(neither_reflex, "hr")
    assert not ruled_out(neither_reflex, "bs") and not ruled_out(CROATIAN, "hr")
    assert not ruled_out(neither_reflex, "en")  # no kin, nothing to rule out
    detection = detect(neither_reflex * 3)
    assert (detection.language, detection.score, detection.basis) == (UNDETERMINED, 0.0, "kin_unsure")
    with_reflex = neither_reflex + " Vrijeme je da svijet čuje."
    assert detect(with_reflex * 3).language == "bs"


@requires_corpus
def test_on_udhr_documents_bosnian_is_rarely_called_croatian():
    docs = overlapping_documents(load_units(CORPUS / "udhr")["bs"])
    named = [detect(doc).language for doc in docs]
    # The UDHR's Bosnian writes Croatian's `suradnji` beside Bosnian's `obaveze`, and `svako`
    # (Croatian's every as well as Bosnian's everyone), so some of its documents stay Croatian:
    # 4 of 29, 1 `und`.
    assert named.count("bs") >= 0.8 * len(docs), named


@pytest.mark.parametrize(
    "text, language",
    [(YORUBA, "yo"), ("Øll menniskju eru fødd fræls og jøvn til virðingar.", "fo"), (VIETNAMESE, None),
     ("Mbele ya sheria kila mtu ana haki ya kutambulika kama mtu.", None),
     ("Hver maður er borinn frjáls og jafn öðrum að virðingu.", None),  # ð, but never ø in Icelandic
     ("Ọ dị mma, ọ bụ ihe ọma.", None),  # Igbo: dotted ọ ị ụ, never ẹ or ṣ
     ("Ẹ ṣeun", None),  # too few letters to be a signature
     ("Il-gvern ħabbar pjan ġdid għat-trasport pubbliku fil-bliet.", "mt"),
     ("Rząd ogłosił nowy plan dla transportu, który zmieni życie w mieście.", None),  # ż, never ħ
     ("Hökümet düýn täze meýilnamany yglan etdi, işler ýanwar aýynda başlar.", "tk"),
     ("Hükümet dün şehirlerde yeni bir plan açıkladı, işler ocak ayında başlayacak.", None),  # ş, ı
     ("Vláda včera oznámila nový plán, práce začnú v januári a skončia pred letom.", None)],  # ý, never ş
)
def test_signature_letters_name_a_language(text, language):
    assert language_of_letters(text) == language


# News in Uzbek Cyrillic, written for these tests (the Tajik, Kazakh, Belarusian and Ossetian below say
# about the same)
UZBEK_CYRILLIC = "Ўзбекистон ҳукумати кеча шаҳарларда жамоат транспортини яхшилаш бўйича янги режани эълон қилди."


@pytest.mark.parametrize(
    "text, language",
    [(UZBEK_CYRILLIC, "uz"),
     ("Ҳукумати Тоҷикистон дирӯз нақшаи навро барои беҳтар кардани нақлиёти ҷамъиятӣ эълон кард.", None),
     ("Қазақстан үкіметі кеше қалалардағы қоғамдық көлікті жақсарту жөніндегі жаңа жоспарды жариялады.", None),
     ("Урад учора абвясціў новы план паляпшэння грамадскага транспарту ў гарадах.", None),
     ("Хицауад знон радзырдта ног пълан, горæты транспорт хуыздæр кæнынмæ.", "os")],
    ids=["uzbek", "tajik", "kazakh", "belarusian", "ossetian"],
)
def test_cyrillic_signature_letters_name_uzbek_and_ossetian(text, language):
    assert language_of_letters(text, "Cyrl") == language
    assert language_of_letters(text) is None  # a Latin signature is not looked for in Cyrillic


def test_uzbek_is_named_in_cyrillic_and_with_the_apostrophes_the_web_types():
    # fastText learnt Uzbek in Latin letters, with ʻ: it gives this Cyrillic text Bulgarian 0.2,
    # and the Latin one typed with ' (or ‘, ’) Uzbek 0.35-0.47, under the minimum score
    assert (detect(UZBEK_CYRILLIC).language, detect(UZBEK_CYRILLIC).script) == ("uz", "Cyrl")
    typed = ("O'zbekiston hukumati kecha shaharlarda jamoat transportini yaxshilash bo'yicha yangi rejani "
             "e'lon qildi. Vazirning so'zlariga ko'ra, ishlar yanvar oyida boshlanadi va yozgacha yakunlanadi.")
    for apostrophe in ("'", "‘", "’"):
        detection = detect(typed.replace("'", apostrophe))
        assert (detection.language, detection.script) == ("uz", "Latn"), apostrophe
    dutch = "Het was zo'n drukke dag dat niemand meer wist wat er gebeurde, zei de burgemeester van de stad."
    assert detect(dutch).language == "nl"  # zo'n is not Uzbek


def test_hawaiian_is_never_named_uzbek_for_its_okina():
    # fastText, which has no Hawaiian, gives this Uzbek 0.58: Uzbek writes the ʻokina, never a macron
    hawaiian = ("Ua hoʻolaha ke aupuni i nehinei i kahi papahana hou no ka hoʻomaikaʻi ʻana i ka halihali "
                "lehulehu ma nā kūlanakauhale. Wahi a ke kuhina, e hoʻomaka ana ka hana i ka mahina ʻo Ianuali.")
    uzbek = ("Oʻzbekiston hukumati yangi qonun loyihasini maʼqulladi. Vazirning soʻzlariga koʻra, bu qonun "
             "mamlakat iqtisodiyotini rivojlantirishga yordam beradi.")
    assert detect(hawaiian).language == UNDETERMINED and detect(uzbek).language == "uz"
    without_macrons = hawaiian.replace("ā", "a").replace("ū", "u")  # its ʻo, ʻana still say it
    assert detect(without_macrons).language == UNDETERMINED


def test_signature_letters_are_counted_composed():
    decomposed = YORUBA.replace("ẹ", "e\u0323")
    assert decomposed != YORUBA and language_of_letters(decomposed) == "yo"


def test_letters_name_what_both_detectors_miss():
    assert (detect(YORUBA).language, detect(YORUBA).basis) == ("yo", "letters")
    assert detect(VIETNAMESE).language == "vi"


# News in Haitian Creole, written for these tests: fastText gives it 0.08, below Malay
HAITIAN = ("Prezidan an te di jodi a ke gouvènman an ap travay pou rezoud pwoblèm ensekirite a nan peyi a. "
           "Plizyè moun te mouri nan atak ki te fèt nan Pòtoprens semèn pase a. Polis la di li arete twa sispèk.")


def test_haitian_creole_is_named_by_its_own_words():
    assert (detect(HAITIAN).language, detect(HAITIAN).basis) == ("ht", "words")
    assert language_of_words(HAITIAN.replace("peyi", "pays").replace("moun", "gens")) is None  # two of its words
    assert language_of_words(HAITIAN, "Cyrl") is None  # the words are looked for in Latin text only
    french = "Le président a dit que le gouvernement va travailler pour tout le pays avec les gens qui vont voter."
    assert language_of_words(french) is None and detect(french).language == "fr"


# The same news in Maithili, Bhojpuri and Hindi, written for these tests: both detectors call the
# first two Hindi (fastText: Maithili 0.09, Bhojpuri 0.02)
MAITHILI = ("मिथिला क्षेत्र मे एहि बेर बाढ़ि सँ बहुत लोक प्रभावित भेल अछि। सरकार कहलक जे राहत सामग्री पठाओल जा रहल अछि। "
            "गाम-गाम मे लोक सभ अपन घर छोड़ि कऽ सुरक्षित स्थान पर गेल छथि। मुख्यमंत्री कहलनि जे प्रभावित परिवार केँ सहायता देल जायत।")
BHOJPURI = ("बिहार के कई गो जिला में एह बेरी बाढ़ से बहुत लोग परेशान बाड़न। सरकार कहलस कि राहत सामग्री भेजल जा रहल बा। "
            "गांव-गांव में लोग आपन घर छोड़ के सुरक्षित जगह पर चल गइल बाड़न। मुख्यमंत्री कहले कि प्रभावित परिवार के मदद दिहल जाई।")
HINDI = ("बिहार के कई जिलों में इस बार बाढ़ से बहुत लोग प्रभावित हुए हैं। सरकार ने कहा कि राहत सामग्री भेजी जा रही है। "
         "गांव-गांव में लोग अपने घर छोड़कर सुरक्षित स्थानों पर गए हैं। मुख्यमंत्री ने कहा कि प्रभावित परिवारों को सहायता दी जाएगी।")


@pytest.mark.parametrize("text, language", [(MAITHILI, "mai"), (BHOJPURI, "bho")])
def test_maithili_and_bhojpuri_are_named_by_their_own_words_not_called_hindi(text, language):
    detection = detect(text)
    assert (detection.language, detection.script, detection.basis) == (language, "Deva", "words")


def test_hindi_quoting_a_few_maithili_words_stays_hindi():
    quoting = HINDI + " उन्होंने मैथिली में कहा, 'एहि बेर बाढ़ि सँ बहुत नुकसान भेल।'"  # three of its words
    assert language_of_words(quoting, "Deva") is None and detect(quoting).language == "hi"
    assert detect(HINDI).language == "hi"


def test_maltese_is_named_by_its_letters_where_the_detectors_are_unsure():
    maltese = ("Il-gvern ħabbar ilbieraħ pjan ġdid biex jittejjeb it-trasport pubbliku fil-bliet. Skont "
               "il-ministru, ix-xogħlijiet se jibdew f'Jannar u jintemmu qabel is-sajf.")
    assert (detect(maltese).language, detect(maltese).basis) == ("mt", "letters")


@pytest.mark.parametrize("text, language", [(TIGRINYA, "ti"), (AMHARIC, "am")])
def test_ethiopic_is_tigrinya_or_amharic_by_its_letters_and_words(text, language):
    detection = detect(text)
    assert (detection.language, detection.script, detection.basis) == (language, "Ethi", "script")


def test_ethiopic_without_evidence_is_amharic_and_the_row_of_qha_is_tigrinya():
    assert detect("ሰላም ለዓለም ሰላም").language == "am"
    assert detect("ሰላም ቐልጢፉ ሰላም").language == "ti"  # ቐ (U+1250) is written in Tigrinya only


@requires_corpus
@pytest.mark.parametrize("label", ["ms", "nn", "id", "nb", "hr", "es", "pt", "pt-br"])
def test_on_udhr_documents_kin_keep_their_names(label):
    units = load_units(CORPUS / "udhr")[label]
    docs = overlapping_documents(units)
    right = sum(detect(doc).language == expected_code(label) for doc in docs)
    assert right >= 0.95 * len(docs), (label, right, len(docs))


@requires_corpus
def test_on_udhr_documents_yoruba_is_named_by_its_letters():
    docs = overlapping_documents(load_units(CORPUS / "udhr")["yo"])
    assert sum(detect(doc).language == "yo" for doc in docs) >= 0.95 * len(docs)
    assert {detect(doc).language for doc in docs} <= {"yo", UNDETERMINED}


@pytest.mark.parametrize("text, language", [(SERBIAN_CYRILLIC, "sr"), (MACEDONIAN, "mk")])
def test_serbian_in_cyrillic_is_not_named_macedonian(text, language):
    detection = detect(text)
    assert (detection.language, detection.script) == (language, "Cyrl")
