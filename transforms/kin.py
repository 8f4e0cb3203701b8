"""Close kin that the detectors confuse, told apart by the words only some of them write.

Malay and Indonesian, Nynorsk and Bokmål, Bosnian, Croatian and Serbian are each one language
with several written standards; Macedonian and Serbian share an alphabet but for a few letters,
and langdetect, which has no Serbian, names Serbian in Cyrillic Macedonian. langdetect knows one
of each set (id, no, hr) and so names the
others after it; the bundled fastText model knows them all but splits one text between them (it
gives a Malay text id 0.6, ms 0.4). Faroese is Icelandic's nearest kin, and fastText, which has
no Faroese, calls it Icelandic. What sets them apart is what each standard prescribes: a spelling
(Malay `bahawa`, `kerana`, Indonesian `bahwa`, `karena`), a function word (Nynorsk `ikkje`,
`frå`, Bokmål `ikke`, `fra`; Croatian `nitko`, Bosnian and Serbian `niko`; Faroese `ikki`, `hetta`,
Icelandic `ekki`, `þetta`), a month name (Croatian `siječnja`, the others `januara`), a word news
writes often (Croatian `Europa`, `priopćenje`, Bosnian `saopćenje`, Serbian `saopštenje`), or the
reflex of one old vowel (Serbian's ekavian `vreme`, `gde` for Bosnian and Croatian `vrijeme`,
`gdje`). Counting those words names the variety; when a text carries none, or as many of
another's, `variety` says nothing and the detectors decide.

Javanese and Sundanese are languages of their own, but langdetect, which knows neither, calls them
Indonesian, and fastText spreads a text among them, Indonesian, Malay and Minangkabau. They are
told apart the same way, by the function words only one of them writes: Javanese `ora`, `iku`,
`lan`, Sundanese `teu`, `ieu`, `jeung`, where Indonesian and Malay both write `tidak`, `itu`, `dan`.
Galician likewise sits between Portuguese and Spanish, which langdetect knows and names it after;
fastText, which knows it, gives a short Galician text more Portuguese than Galician. Galician
writes `non`, `unha`, `xa`, `hoxe`, `goberno` where Portuguese writes `não`, `uma`, `já`, `hoje`,
`governo` and Spanish `no`, `una`, `ya`, `hoy`, `gobierno`; Asturian, which fastText gives little
beside Spanish, writes `ye`, `güei`, `ayeri`, `gobiernu`, and shares `los`, `la`, `y` with Spanish
and `non`, `hai`, `xente` with Galician. Corsican and Romansh are named Italian by langdetect and
given less than Italian by fastText; Corsican writes `hè`, `ùn`, `chì`, `oghje`, Romansh `betg`,
`tgi`, `quai`, `oz`, where Italian writes `è`, `non`, `che`, `oggi`.
"""

from __future__ import annotations

import collections
import re

__all__ = ["kin_of", "ruled_out", "variety"]

# Words that some varieties of a set write and the others do not, by the varieties that write
# them. Lower case, whole words. Not `ko`: colloquial Croatian writes it for `kao`; nor `svako`,
# Bosnian and Serbian for everyone, Croatian's neuter of every (`svako dijete`); nor `ponovo`,
# `porodica`, which Croatian writes beside `ponovno`, `obitelj`.
_MARKERS = {
    ("ms",): "bahawa kerana iaitu sahaja wang baharu pelbagai sebarang sesiapa antarabangsa"
             " perlembagaan kanak-kanak syarikat jawatan kakitangan polis hospital universiti encik"
             " bahagian kenderaan projek kempen mesyuarat telefon televisyen filem teksi kesihatan"
             " pertubuhan perniagaan pengangkutan setiausaha naib isnin khamis jumaat ahad ogos jun"
             " julai disember"
             # more words where the standards differ, and the -iti Malay writes for Indonesian
             # -itas. Not `kerajaan`, `peringkat`, `percuma`, `rangkaian`, `doktor`, `kos`: words
             # Indonesian writes in another sense (kingdom, rank, in vain, series, doctorate, lodging)
             " selepas manakala menerusi mengikut ianya cukai sukan pelancongan kewangan majlis"
             " agensi bajet akaun ringgit kualiti aktiviti komuniti identiti prioriti kapasiti"
             " fasiliti realiti majoriti minoriti integriti",
    ("id",): "bahwa karena yaitu saja uang bisa berbagai sembarang siapapun internasional universitas"
             " perusahaan pemerintah kantor mobil proyek kendaraan telepon televisi bagian kampanye"
             " sekretaris kesehatan bisnis gratis transportasi senin kamis jumat agustus maret juni"
             " juli desember"
             # not `tingkat`, `biaya`, `anggaran`, `jaringan`: Malay writes them in another sense
             " olahraga informasi pariwisata keuangan majelis dokter akun situs rupiah bandara"
             " kualitas aktivitas komunitas identitas prioritas kapasitas fasilitas realitas"
             " mayoritas minoritas integritas nggak enggak banget",
    # the function words Indonesian and Malay share, against Javanese and Sundanese
    ("id", "ms"): "yang dan tidak dengan untuk dari ini itu akan sudah juga adalah atau dalam pada"
                  " kepada mereka telah",
    ("jv",): "lan ing iku iki ora wis karo kanggo saka marang dening uga kabeh yaiku menawa amarga"
             " nanging banjur utawa dheweke ingkang saking kaliyan boten sampun menika",
    ("su",): "jeung teu geus keur pikeun ieu ngeunaan ogé maranéhna leuwih atawa sarta sanggeus",
    ("nn",): "ikkje eg kva korleis kvifor frå berre mykje noko nokon nokre vere vera dei deira ho hjå"
             " òg sjølv kvar kvart eit ein eitt vart vert fekk gjekk seier gjer heile fleire utan"
             " fridom difor medan sidan særleg saman skule veke mogleg sjå",
    ("no",): "ikke jeg hva hvordan hvorfor fra bare mye noe noen være deres hun hos selv hver hvert"
             " et en ble blir fikk gikk sier gjør hele flere uten frihet derfor mens siden særlig"
             " sammen skole uke mulig",
    ("hr",): "tko nitko netko itko tisuća tisuće tisuću povijest povijesti tijekom uvjet uvjeta"
             " uvjeti znanost znanosti sveučilište sveučilišta kazalište glazba glazbe tjedan tjedna"
             " kruh vlak nogomet izvješće zrakoplov siječnja veljače ožujka travnja svibnja lipnja"
             " srpnja kolovoza rujna listopada studenoga studenog prosinca svatko svatkoga obveza"
             " obveze obvezu obvezno kazneno kazneni kaznenog kaznenom suradnja suradnje suradnju"
             " suradnji točka točno kemija"
             # the months in the other cases, and words as typed without diacritics
             " siječanj siječnju veljača veljači ožujak ožujku travanj travnju svibanj svibnju lipanj"
             " lipnju srpanj srpnju kolovoz kolovozu rujan rujnu listopad listopadu prosinac prosincu"
             " tisuca tisuce tisucu sijecnja sijecnju veljace veljaci ozujka ozujku tocka tocno"
             # news words where Bosnian and Serbian write Evropa, uhapšen, inostranstvo, saopćenje
             " europa europe europi europu europski europska europske europskog europskoj europsku"
             " europskih europskim uhićen uhićena uhićeni uhićenje uhićenja uhitila uhitili inozemstvo"
             " inozemstva inozemstvu priopćenje priopćenja priopćenju priopćio priopćila priopćili"
             " veleposlanstvo veleposlanstva veleposlanik"
             # where the other two write fabrika, ostrvo, takmičenje, nivo, preduzeće, odbrana,
             # glasanje, privreda, štampa, računar, pasoš, direktor, sekretar, protest, penzija
             " tvornica tvornice tvornici otok otoka otoku natjecanje natjecanja natjecatelj"
             " natjecatelji razina razine razini poduzeće poduzeća tvrtka tvrtke tvrtki obrana"
             " obrane glasovanje glasovanja gospodarstvo gospodarstva gospodarski gospodarska"
             " gospodarske tiska računalo računala putovnica putovnice ravnatelj ravnatelja"
             " tajnik tajnika prosvjed prosvjeda prosvjednici mirovina mirovine umirovljenik"
             " umirovljenici momčad momčadi izbornik proračun proračuna",
    ("bs", "sr"): "niko neko šta hiljada hiljade hiljadu tokom uslov uslova uslovi nauka nauke"
                  " univerzitet univerziteta voz fudbal januara februara aprila septembra oktobra"
                  " novembra decembra krivično krivični krivičnog krivičnom obaveza obaveze obavezu"
                  " obavezno opština opštine opštini saradnja saradnje saradnju saradnji tačka tačno"
                  " hemija januar januaru februar februaru mart martu april aprilu septembar septembru"
                  " oktobar oktobru novembar novembru decembar decembru sta tacka tacno krivicno"
                  " opstina opstine opstini"
                  " evropa evrope evropi evropu evropski evropska evropske evropskog evropskoj evropsku"
                  " evropskih evropskim uhapšen uhapšena uhapšeni uhapšenje hapšenje hapšenja"
                  " inostranstvo inostranstva inostranstvu učestvuje učestvuju učestvovati učestvovao"
                  " učestvovali učešće učešća juče takođe pozorište pozorišta"
                  # the twins of the words added to ("hr",) above
                  " fabrika fabrike fabrici ostrvo ostrva ostrvu takmičenje takmičenja takmičar"
                  " takmičari nivo nivoa nivou preduzeće preduzeća odbrana odbrane glasanje"
                  " glasanja privreda privrede privredni privredna privredne štampa štampe"
                  " računar računara pasoš pasoša podsticaj podsticaja podsticanje podsticanja"
                  " saobraćaj saobraćaja vazduh vazduha fudbalski fudbalska fudbaler fudbaleri"
                  " hapšenju hapšenjem",
    ("bs",): "historija historije historiji sedmica sedmice sedmici hljeb juna jula augusta lahko"
             " saopćenje saopćenja saopćenju saopćio saopćila saopćili saopćeno bezbjednost bezbjednosti"
             " juni juli august",
    ("sr",): "istorija istorije istoriji nedelja nedelje hleb jun jul avgusta vreme mesto mesta reka"
             " deca lepo pre posle uvek gde ovde dete mleko pesma hteo svetu čovek čoveka čoveku"
             " vest mesec meseca mesecu cena cene ceni zahtev zahteva sednica sednici sednice mera"
             " mere meru primer primera deo saopštenje saopštenja saopštenju saopštio saopštila saopštili"
             " saopšteno bezbednost bezbednosti predsednik predsednika predsedniku predsednica"
             # the ekavian twins of the ijekavian words added to ("bs", "hr") below
             " poslednji poslednja poslednje poslednjih delo dela delu delovanje verovatno rešenje"
             " rešenja svedok sever severni posledica posledice usled lek lekova savet saveta"
             " promena promene promenu izveštaj izveštaja telo tela dve podela procena vrednost"
             " vrednosti vredi primena primenu primeniti predlog sledeći sledeća sledeće sledećeg"
             " uspeh uspeha uspešno reč reči vek veka umesto svetski svetskog svetsko pobeda pobedu"
             " pobedio pobednik ponedeljak želeo voleo živeo"
             " sme videti videli videla živeti želeti hteli htela razumeti setiti seća sećanje"
             " odeća menja menjati promeniti promenio promenila nedelju beli belo sneg snega retko"
             " retki deli dele deliti podeljen pesme napred vetar zamenik zamenika savetnik ocena"
             " sedište devojka devojčica dečak deci dečji sused susedni namera smer lepa ceo cela"
             " celog celu letos levo vere veru"
             # in Cyrillic, against Macedonian
             " бити је су није који које када где сада још због између године свако нико ништа ће"
             " можемо желе",
    # Macedonian against Serbian in Cyrillic, which langdetect calls Macedonian: Macedonian's `е`,
    # `сум`, its clitics `ги`, `го`, its `кој`, `каде`, `сега` where Serbian writes `који`, `где`,
    # `сада` (and the infinitive `бити`, `је`, `су`: the Cyrillic words of "sr" above). Not `кога`,
    # `тој`, `години`: Serbian writes them too (whom; in that; in the year).
    ("mk",): "е сум ги го кој кое каде сега уште ние тие таа тоа секој никој ништо според кон биде"
             " бидат",
    # Galician and Asturian against Portuguese and Spanish: words only one of them writes (or only
    # Galician and Asturian, or only Spanish and Asturian, which count for those two against the
    # rest). Not `el` (Galician's "he"), `no`, `con`, `pero`, `día` (Galician writes them too),
    # `mais` (Galician's "but"), `cidade`, `ano`, `sempre`, `eles`, `isto`, `mesmo`, `maio`
    # (Portuguese's too), `nun` (Asturian's "not", Galician's "in a"), `cola` (Spanish "queue").
    ("gl",): "unha unhas dunha nunha cunha cun coa coas xa tamén moi dous hoxe onte mañá cando ata"
             " lle lles fixo houbo aínda máis polo polas súa súas persoas veciños veciñas concello"
             " concellos xeral xestión ademais entón nosa noso sexa teñen iso fóra algúns goberno"
             " mellor mellorar traballo traballadores xaneiro febreiro xuño xullo decembro xuízo"
             " xulgado xustiza xogo xogadores dereito dereitos tódolos cos",
    ("gl", "ast"): "non dende nin hai facer xente xunto pola",
    ("ast",): "ye güei ayeri tamién mui yá entós gobiernu trabayu trabayos persones conceyu drechu añu"
              " mundu tiempu pueblu xineru febreru marzu mayu xunu xunetu agostu setiembre ochobre"
              " payares avientu seya dellos delles nuesu nuesa hebo tien mientres ente usté tolos toles"
              " nel nes pal colos llingua asturianu asturiana",
    ("pt",): "não uma umas numa duma com pelo pela pelos pelas também já muito muitos muita hoje ontem"
             " ainda governo melhor melhorar trabalho trabalhadores pessoas lhe lhes fazer até nem são"
             " então dois seja têm tem há vizinhos isso houve alguns nossa nosso você através janeiro"
             " fevereiro junho julho dezembro",
    ("es", "ast"): "los la y una del al hasta desde le les más según cuando tienen vecinos eso fuera nueva",
    ("es",): "las unas hoy ayer muy también gobierno mejor mejorar trabajo trabajadores personas hacer ya"
             " ni entonces sea hay hubo algunos nuestra nuestro usted donde mientras año años ciudad"
             " ciudades nuevo enero febrero junio julio diciembre",
    # Corsican and Romansh against Italian, which langdetect names them after (fastText gives
    # Corsican less than Italian, Romansh a third): Corsican `hè`, `ùn`, `cù`, `chì`, its ghj, chj;
    # Romansh `betg`, `tgi`, `ils`, `las`, where Italian writes `è`, `non`, `con`, `che`, `i`, `le`.
    # Not `eri`, `esse`, `tutti`, `issa`, `ier`: Italian words too (you were, they, all, hoists).
    ("co",): "hè ùn cù chì sò hà dinù ancu avà oghje guvernu cità trà dopu quandu cusì fattu statu"
             " issu quessu tandu micca ghjè ghjornu ghjente chjesa elli nantu tuttu",
    ("rm",): "betg tgi tgè quai ussa oz ils las ina èsser nagin dentant uschia regenza cumenza"
             " cumenzan lavurs",
    ("it", "rm"): "il che è",
    ("it",): "con gli della delle degli sono anche oggi ieri governo città dopo quando così essere"
             " fatto stato questo questa nel nella sul sulla dalla lo non",
    ("fo",): "ikki hetta tað eg hava meg teg sum tey hesin hesi okkurt nakað at",
    ("is",): "ekki þetta það ég hafa mig þig sem þeir þessi að því",
    ("bs", "hr"): "vrijeme mjesto mjesta rijeka djeca lijepo prije poslije uvijek gdje ovdje svijet"
                  " dijete mlijeko pjesma htio svijeta svijetu čovjek čovjeka čovjeku vijest vijesti"
                  " mjesec mjeseca mjesecu cijena cijene cijeni zahtjev zahtjeva sjednica sjednici"
                  " sjednice mjera mjere mjeru primjer primjera dio dijela dijelu općina općine"
                  " općini opće opći općih uopće"
                  # more of the old vowel's reflex in the words news writes most, each with its
                  # ekavian twin in ("sr",) above
                  " posljednji posljednja posljednje posljednjih djelo djela djelu djelovanje"
                  " vjerovatno rješenje rješenja svjedok sjever sjeverni posljedica posljedice uslijed"
                  " lijek lijekova savjet savjeta promjena promjene promjenu izvještaj izvještaja tijelo"
                  " tijela dvije podjela procjena vrijednost vrijednosti vrijedi primjena primjenu"
                  " primijeniti prijedlog sljedeći sljedeća sljedeće sljedećeg uspjeh uspjeha uspješno"
                  " riječ riječi vijek vijeka umjesto svjetski svjetskog svjetsko pobjeda pobjedu"
                  " pobijedio pobjednik ponedjeljak želio volio živio predsjednik predsjednika"
                  " predsjedniku predsjednica također jučer"
                  # and in common verbs and words, each with its ekavian twin in ("sr",) above. Not
                  # `vjera`, `vijeće`: their twins `vera`, `veće` are a name and Croatian's bigger
                  " smije vidjeti vidjeli vidjela živjeti željeti htjeli htjela razumjeti sjetiti"
                  " sjeća sjećanje odjeća mijenja mijenjati promijeniti promijenio promijenila"
                  " nedjelja nedjelje nedjelju bijeli bijelo snijeg snijega rijetko rijetki dijeli"
                  " dijele dijeliti podijeljen pjesme naprijed vjetar zamjenik zamjenika savjetnik"
                  " ocjena sjedište djevojka djevojčica dječak djeci dječji susjed susjedni namjera"
                  " smjer lijepa cijeli cijela cijelog cijelu ljetos lijevo vjere vjeru",
}
# The sets of kin. fastText also labels the Bosnian-Croatian-Serbian set `sh` (Serbo-Croatian),
# which names no standard: it counts for the set and is never named.
_KIN = (
    ("id", "ms", "jv", "su"), ("no", "nn"), ("hr", "bs", "sr", "sh"), ("is", "fo"), ("mk", "sr"),
    ("pt", "es", "gl", "ast"), ("it", "co", "rm"),
)
_MIN_LEAD = 2.0  # see `variety`
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _markers_by_word() -> dict[str, tuple[str, ...]]:
    by_word = collections.defaultdict(tuple)
    for varieties, words in _MARKERS.items():
        for word in words.split():
            by_word[word] += varieties
    return dict(by_word)


_VARIETIES_OF_WORD = _markers_by_word()


def kin_of(language: str) -> tuple[str, ...]:
    """The set of varieties `language` belongs to (the first, for Serbian: Macedonian's kin is
    looked for only where langdetect, which has no Serbian, names Macedonian), or just itself."""
    return next((kin for kin in _KIN if language in kin), (language,))


def variety(text: str, language: str) -> str | None:
    """Which variety of `language`'s set `text` is written in, by its marker words; None when
    `language` has no kin or no variety's words outnumber each other's (see `_outweighs`)."""
    kin = kin_of(language)
    if len(kin) == 1:
        return None
    votes = _votes(text, kin)
    winners = (named for named in kin if all(_outweighs(votes, named, other) for other in kin if other != named))
    return next(winners, None)


def ruled_out(text: str, language: str) -> bool:
    """Whether the marker words of `text` speak against `language` for another of its set, though
    perhaps for no one variety: Bosnian and Serbian both write `niko` where Croatian writes
    `nitko`, so a text with `niko` and no reflex of the old vowel is not Croatian, and which of
    the other two it is the words do not say."""
    kin = kin_of(language)
    votes = _votes(text, kin) if len(kin) > 1 else []
    return any(_outweighs(votes, other, language) for other in kin if other != language)


def _votes(text: str, kin: tuple[str, ...]) -> list[frozenset[str]]:
    """For each marker word of `text`, the varieties of `kin` that write it."""
    return [
        frozenset(_VARIETIES_OF_WORD[word]).intersection(kin)
        for word in _WORD.findall(text.lower())
        if word in _VARIETIES_OF_WORD
    ]


def _outweighs(votes: list[frozenset[str]], named: str, other: str) -> bool:
    """Whether the words for `named` and not `other` are at least one and `_MIN_LEAD` times those
    for `other` and not `named` (a word both write counts for neither against the other)."""
    for_named = sum(named in vote and other not in vote for vote in votes)
    return for_named >= max(1.0, _MIN_LEAD * sum(other in vote and named not in vote for vote in votes))
