"""Page furniture that a paragraph shows on its own, in English, German, French and Spanish (and
the related-story labels of Portuguese, Italian, Dutch and Polish news).

Photo captions and credit lines name a picture or an agency at a fixed place: a label in front
("FILE PHOTO:", "Foto:", "Crédit :"), a credit at the end ("(AP Photo/…)", "(Foto: …/dpa)", "© AFP")
or the credit alone ("(Getty Images)", "Name/Reuters"); the wire's contributor line names two roles
("Reporting by …; Editing by …"), stands in parentheses or says who "contributed to this report". A
timestamp line is a publication or update label and nothing but a date or a time after it ("Updated
3:45 PM EST, Tue November 30, 2026", "Aktualisiert am 30.11.2026"), or a dated clock time alone.
Promo lines are short and open with, or consist of, a stock phrase: related-story labels,
newsletter, subscribe, follow, share and app prompts, a page's buttons ("Learn more", "Table of
Contents"), advertisement markers, affiliate disclosures, copyright notices, where the copy was first
published, how to reach its writer, how long it takes to read, its tags. A
sentence that merely mentions a photo, an agency or a subscription is none of these.
"""

from __future__ import annotations

import re

__all__ = [
    "RULE_BYLINE", "RULE_CAPTION", "RULE_PROMO", "RULE_TIMESTAMP", "heads_one_link", "is_byline", "is_caption",
    "is_promo", "is_related_label", "is_timestamp",
]

RULE_BYLINE = "byline"
RULE_CAPTION = "caption_credit"
RULE_PROMO = "promo"
RULE_TIMESTAMP = "timestamp"

_WORD = re.compile(r"\w+")
_AGENCY = (
    r"(?:getty images|ap(?: photo)?|reuters|afp|epa(?:-efe)?|efe|ansa|kyodo|keystone|belga|"
    r"shutterstock|alamy|bloomberg|anadolu|xinhua|dpa|imago|sipa|pool|picture alliance|"
    r"associated press|agence france-presse|pa media|press association|europa press|istock(?:photo)?)\b"
)
_CAPTION_LABEL = (
    r"(?:archive image|archive photo|file photo|file picture|photo|photos|photograph|image|picture|"
    r"(?:photo|image|picture)s? credits?|caption|"
    r"credit|credits|foto|fotos|bild|bilder|bildquelle|archivbild|archivfoto|"
    r"crédit|crédits|crédit photo|légende|photo d[’']archive|photo d[’']illustration|"
    r"imagen|imágenes|fotografía|foto de archivo)"
)
_CAPTION_PREFIX = re.compile(
    r"^" + _CAPTION_LABEL + r"\s*[:\-–—|]"
    r"|^(?:image|media) (?:caption|source)\s*,"  # the way BBC pages read as plain text
    r"|^credit(?:\.\.\.|…)\s*\S|^composite\s*:\s*\S"  # "Credit...Ann Lee for The Times", "Composite: …"
    # "Photo by Name on Unsplash", "Illustration by Name", "Courtesy of the artist": short credit lines
    r"|^(?=(?:\S+\s+){0,11}\S+$)(?:(?:photo|image|picture|illustration|photograph|video|graphic"
    r"|photo illustration)s?\s+(?:by|courtesy of|courtesy)|courtesy(?: of)?|pictured\s*:)\s+\S",
    re.IGNORECASE,
)
_VIA_CREDIT = r"[\w.’'+ -]{1,40}/[\w.’'+ /-]{1,40}\s+via\s+" + _AGENCY  # "Ann Lee/E+ via Getty Images"
_CREDIT_SUFFIX = re.compile(
    r"(?:\([^()]*\b(?:(?:photo|image|picture|foto|bild|crédit|imagen|credit)s?\s*"
    r"(?:by|credit|courtesy|von|de|par|:)|photo\s*/)[^()]*\)"  # (Photo by …), (AP Photo/…), (Foto: …)
    r"|\([^()]*/\s*" + _AGENCY + r"[^()]*\)"  # (… /Getty Images)
    r"|\b(?:photo|image|picture|credit|foto|bild|imagen)s?\s*(?:by|von|de|par|:)\s*[^.]{0,80}/\s*"
    + _AGENCY + r"[^.]{0,40}"  # Photo by Name/AFP
    r"|©\s*(?:[^.©/]{1,50}/\s*)?" + _AGENCY + r"[^.]{0,40}"  # © AFP, © Name / AFP
    r"|[.!?”\"]\s+(?:[|–—]\s*)?(?:(?:photograph|photo|picture|image|foto|bild|imagen)s?\s*(?:credits?\s*)?"
    r"(?:by|von|de|par|:)|credits?\s*:)"
    # … sentence. Photograph: Name/Outlet ("… sentence. | Photo by …", "… sentence. Credit: Name")
    r"\s*[^.!?]{1,60}"
    r"|\b(?:photo|image|picture)s?\s+credits?\s*:\s*[^.!?]{1,60}"  # … Photo credit: Name
    r"|[.!?”\"]\s+" + _VIA_CREDIT  # … sentence. Name/Collection via Getty Images
    # … sentence. Name/Getty Images
    + r"|[.!?”\"]\s+[\w.’' -]{0,40}/\s*" + _AGENCY + r"(?:\s+via\s+[\w ]{1,40})?"
    r")\s*\.?$",
    re.IGNORECASE,
)
# A credit alone on its line: "(Getty Images)", "Name/Reuters", "AFP via Getty Images", "Source: Reuters".
# An agency's name alone is not one: it is as often an item of a list of outlets (seed 004).
_CREDIT = r"(?:[\w.’' -]{1,40}/\s*)?" + _AGENCY + r"(?:\s+via\s+[\w ]{1,40})?"
_CREDIT_LINE = re.compile(
    r"^(?:\(\s*" + _CREDIT + r"\s*\)|(?:source|quelle|fuente)\s*:\s*" + _CREDIT
    + r"|[\w.’' -]{1,40}/\s*" + _CREDIT + r"|" + _AGENCY + r"\s+via\s+[\w ]{1,40}"
    r"|" + _VIA_CREDIT + r")\s*\.?$",
    re.IGNORECASE,
)
# Phrases only captions write: who stands where ("Ann Lee, left, and Tom Fox", "(L-R)", "From
# left:") and where the picture came from ("In this file photo", "This image released by …").
_CAPTION_PHRASE = re.compile(
    r",\s(?:left|right|second (?:from )?(?:left|right)),\s"
    r"|\((?:l-r|r-l|left|right|center|centre|from left|left to right)\)|^(?:from left|left to right)\s*[:,]"
    r"|^in th(?:is|ese) (?:undated |handout |file |archive )*(?:photo(?:graph)?|image|picture|handout"
    r"|frame grab|screenshot|video still)s?\b"
    r"|^th(?:is|ese) (?:undated |handout |file )*(?:photo(?:graph)?|image|picture)s? (?:taken|released|provided"
    r"|made available|obtained|shared|posted)\b",
    re.IGNORECASE,
)
# REUTERS/Name, EFE/Name, dpa/Name: the wire photo credit, written in the agency's own case.
_AGENCY_BYLINE = re.compile(
    r"\b(?:REUTERS|AFP|EPA|AP|DPA|dpa|EFE|ANSA|XINHUA)\s*/\s*[^\W\d][^/]{0,58}[^\s.!?]$"
)

# A byline alone on its line: "By Ann Lee", "Written by Ann Lee and Tom Fox", "By Reuters",
# "Author: Ann Lee", "Ann Lee, Staff Writer". A name is two to four capitalised words, none of them
# a capitalised function word ("By Order Of The Court" is a subhead); without "By" or a label it
# needs a newsroom role after it.
_NAME_WORD = r"(?!(?:Of|The|And|Or|In|On|For|To|A|An|At|With|From|Our|Your|My)\b)[A-ZÀ-Þ][\w.'’-]*"
_NAME = _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,3}"
_NAMES = r"(?:" + _NAME + r"(?:\s*(?i:,|and|&|und|et|y)\s+" + _NAME + r")*|(?i:(?:the )?" + _AGENCY + r"))"
_NEWSROOM_ROLE = (
    r"(?:(?:senior |chief |staff |special |political |foreign |business |sports |health |science )?"
    r"(?:writer|reporter|correspondent|editor|contributor|columnist|journalist|photographer)"
    r"|redakteur(?:in)?|korrespondent(?:in)?|journaliste|correspondant(?:e)?|periodista|corresponsal|redacción)"
)
# Broadcasters and news sites whose bylines name the outlet as the wires do: "Ann Lee, CNN"
_NEWSROOM = (
    r"(?:cnn|bbc(?: news)?|npr|cbs news|nbc news|abc news|fox news|sky news|al jazeera|cnbc|msnbc|axios"
    r"|politico|usa today|the hill)"
)
_BYLINE = re.compile(
    r"^(?i:(?:(?:written|posted|reported|story|words|text) )?by\s*:?|von|par|por)\s+" + _NAMES
    + r"(?:\s*[,|•·–—-]\s*[\w .,:/’'-]{0,40}\w)?\s*$"
    r"|^(?i:author|autor|auteur|autora)\s*:\s*" + _NAMES + r"\s*$"
    r"|^" + _NAMES + r"\s*[,|–—-]\s*(?:(?:[\w '’]{0,30}\s)?(?i:" + _NEWSROOM_ROLE + r")|(?i:" + _AGENCY + r")"
    r"|(?i:" + _NEWSROOM + r"))\s*$",
)
# A photographer's credit alone on its line, the way some papers print it under a picture: "Ann Lee
# for The New York Times", "AP Photo/Ann Lee". Only a newspaper's or a newsroom's name after "for":
# "Tax Cuts for The Middle Class" is a subhead.
_PAPER = r"(?:times|post|journal|news|guardian|telegraph|herald|tribune|globe|chronicle|gazette|observer|independent)"
_PHOTOGRAPHER_CREDIT = re.compile(
    r"^" + _NAME + r"\s+for\s+(?:[Tt]he\s+)?(?:[A-Z][\w.&'’-]*\s+){0,4}"
    r"(?i:" + _PAPER + "|" + _NEWSROOM + "|" + _AGENCY + r")\s*\.?$"
    r"|^(?i:" + _AGENCY + r")\s*/\s*" + _NAME + r"\s*$"
)

_ROLE = r"(?:additional )?(?:reporting|writing|editing|compiled|translated|produced) by\b"
_CONTRIBUTORS = re.compile(
    r"^\(?\s*" + _ROLE + r"[^()]{1,150}?[;,]\s*(?:and\s+)?" + _ROLE + r"[^()]{1,150}\)?\s*\.?$"  # two roles
    r"|^\(\s*" + _ROLE + r"[^()]{1,80}\)\s*\.?$"  # one, in parentheses
    r"|^[^.!?]{1,80}\bcontributed (?:to )?(?:this |the )?(?:report|story|article|reporting)"
    r"(?: (?:from|in) [^.!?]{1,60})?\.?$",  # The Associated Press contributed to this report.
    re.IGNORECASE,
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|januar|februar|märz|mai|juni|juli|oktober|dezember"
    r"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\.?"
)
_WEEKDAY = (
    r"(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes"
    r"|sábado|domingo)[a-z]*\.?,?"
)
_DATE = (
    r"(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"  # November 30, 2026
    r"|\d{1,2}(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?" + _MONTH + r"(?:,|\s+de)?\s+\d{4}"  # 30 November 2026
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"  # 2026-11-30, 30.11.2026, 11/30/26
)
_TIME_SUFFIX = r"\s*(?:[ap]\.?m\.?|uhr|h)?(?:\s*\(?[a-z]{2,4}\)?)?"  # am/pm and a time zone
_TIME = r"\d{1,2}(?:[:.h]\d{2})?" + _TIME_SUFFIX
_STAMP_LABEL = (
    r"(?:(?:first |last )?(?:published|updated|posted|modified)|date|veröffentlicht|aktualisiert"
    r"|zuletzt aktualisiert|publié|mis à jour|publicado|actualizado)"
)
_STAMP_SEPARATOR = r"(?:\s*[,|•·–-]\s*|\s+(?:at|um|à|a las)\s+|\s+)"
_TIMESTAMP = re.compile(
    r"^\s*" + _STAMP_LABEL + r"\s*(?:on|at|am|um|le|à|el|a las)?\s*:?\s*"
    r"(?:(?:" + _WEEKDAY + r"|" + _DATE + r"|" + _TIME + r")" + _STAMP_SEPARATOR + r"?){1,4}"
    r"(?:by\s+[\w .'-]{1,40})?\s*$",
    re.IGNORECASE,
)
# Without a label, a date with its year and a clock time is still a dateline ("Tue 4 Nov 2025
# 15.45 GMT", "November 30, 2026 at 3:45 p.m. EST"); a date alone may be a timeline's subhead.
_DATE_AND_TIME = re.compile(
    r"^\s*(?:" + _WEEKDAY + r"\s*)?" + _DATE + _STAMP_SEPARATOR + r"\d{1,2}[:.h]\d{2}" + _TIME_SUFFIX + r"\s*$",
    re.IGNORECASE,
)

# Labels over a list of links to other stories.
_LISTED = (
    r"(?:articles?|stor(?:y|ies)|posts?|content|coverage|topics|reading|news|links?|resources|insights|guides"
    r"|videos?|blogs)"
)
_LIST_LABEL = "(?:" + "|".join((
    r"(?:related|recommended|similar|popular|recent|latest|more|other|local|top|breaking|sponsored"
    r"|promoted|trending|today'?s top)(?: top)? " + _LISTED,
    r"related|recommended|more related " + _LISTED + r"|more [\w-]+ " + _LISTED,
    r"read more " + _LISTED + r"|more " + _LISTED + " like this|more like this",
    r"see also|also see|more on this(?: story| topic)?|read (?:this|these) next|read next|what to read next|watch next",
    r"further reading|keep reading|explore more|see more|must reads?|in other news|also in the news",
    r"(?:other " + _LISTED + r" |" + _LISTED + r" |if you (?:liked|enjoyed) this (?:post|article|story),? )?"
    r"you (?:may|might|will) (?:also )?(?:like|enjoy|find interesting|be interested in)"
    r"(?: the following(?: [\w-]+){0,2})?",
    r"(?:readers|people) also (?:read|liked|viewed)|around the web|from (?:our partners|the web)",
    r"recommended for you|we recommend|also of interest|don'?t miss|from the archives?",
    r"in case you missed it|icymi|popular now|featured " + _LISTED + r"|explore (?:our )?(?:latest|more) " + _LISTED,
    r"(?:more|other|local|latest|top|breaking)(?: top)? headlines|top stories|hot topics",
    r"most (?:read|popular|viewed|shared|commented)(?: " + _LISTED + r")?|(?:currently )?trending(?: now)?",
    r"editor'?s'? picks|more (?:from|in) (?:this section|[\w ]{1,25})",
    r"mehr zum thema|lesen sie auch|auch interessant|das könnte sie auch interessieren|weitere artikel",
    r"weitere nachrichten|meistgelesen(?:e artikel)?|top-themen|ähnliche artikel|neueste artikel",
    r"weitere themen|mehr aus dem ressort|verwandte artikel|zum thema",
    r"à lire aussi|lire aussi|à lire également|voir aussi|sur le même (?:sujet|thème)|articles similaires",
    r"les plus (?:lus|partagés)|dans la même rubrique|à voir aussi|nos articles",
    r"autres actualités|dernières actualités|vous aimerez aussi|à découvrir aussi|articles récents",
    r"(?:también )?te puede interesar|lee también|lea también|leer también|ver también",
    r"(?:noticias|notas|artículos) relacionad[oa]s|más leídas",
    r"lo más leído|más noticias|otras noticias|últimas noticias|artículos recientes|te recomendamos",
    # the same labels in Portuguese, Italian, Dutch and Polish news
    r"leia (?:também|mais)|veja também|notícias relacionadas|leggi anche|potrebbe interessarti|articoli correlati"
    r"|zie ook|lees ook|gerelateerde artikelen|czytaj (?:też|także|również)|przeczytaj (?:też|także|również)",
)) + ")"
# Labels over a list only alone on their line: in front of a sentence ("Latest: police say …",
# "Up next: the Lakers host Boston", "Also on Monday: …") they are the article's.
_BARE_ONLY_LABEL = (
    r"(?:latest|up next|recommendations|suggested|(?:popular|also) on [\w ]{1,25}|empfehlungen|lesenswert"
    # "Related Questions", "More on Ukraine", "You might like these courses"
    r"|related(?: [\w'’&-]+){1,4}|more on [\w'’ -]{1,30}|watch more"
    r"|you (?:may|might) (?:also )?like these(?: [\w-]+){1,2}"
    r"|relacionad[oa]s|lo último|más información)"
)
# The links to the stories before and after this one, a label alone on its line over one headline
# ("Previous article", then the headline): many publishing systems print them so under the story.
_NEIGHBOUR_LABEL = (
    r"(?:(?:previous|prev|next|older|newer)(?: (?:story|article|post|entry))?"
    r"|(?:vorheriger|nächster) (?:artikel|beitrag)|article (?:précédent|suivant)"
    r"|(?:artículo|noticia) (?:anterior|siguiente)|(?:siguiente|anterior) (?:artículo|noticia))"
)
# Labels of one link: "Read more" closes a teaser as often as it opens a list.
_LINK_LABEL = r"(?:read more|read also|also read)"
# Shorter labels of one link count only in front of a headline of three words or more: alone, or
# before a spec ("Video: 4K/30p"), they are as often part of the page's text.
_SHORT_LINK_LABEL = (
    r"(?:read|more|watch|watch live|live|live updates|video|listen|audio|podcast|gallery|check out|check it out)"
)
_RELATED_LABEL = "(?:" + _LIST_LABEL + "|" + _LINK_LABEL + ")"
# A label in the singular heads one link: the line after "Related article" is a headline, the one
# after that the article's again.
_ONE_LINK_LABEL = re.compile(
    r"^[-*•«‹<\s]*(?:(?:related|recommended|similar|popular|recent|latest|more|other|top|breaking|sponsored"
    r"|promoted|trending)(?: top)? (?:article|story|post|link|video)|" + _NEIGHBOUR_LABEL + r")\s*[:»›>]?\s*$",
    re.IGNORECASE,
)
_BARE_LIST_LABEL = re.compile(
    r"^[-*•«‹<\s]*(?:" + _LIST_LABEL + "|" + _BARE_ONLY_LABEL + "|" + _NEIGHBOUR_LABEL + r")"
    r"\s*(?::|\.\.\.|…|»|›|>)?\s*$",
    re.IGNORECASE,
)
# Stock phrases that open a promo line. "Read more:", "Also read:", "Video:" count only in front of
# a headline (no sentence end): on real pages a sentence after them is often part of the article.
_PROMO_OPENERS = (
    _RELATED_LABEL + r"\s*(?:[:|»›]|$)",
    _SHORT_LINK_LABEL + r"\s*[:|»›]\s*(?:\S+\s+){2,}\S",
    # newsletter, subscribe, sign-up prompts
    r"(?:sign up|subscribe|register now|enter your email|get (?:our|the) [\w ]{0,30}newsletter)\b",
    r"(?:newsletter abonnieren|jetzt abonnieren|abonnieren sie|melden sie sich [\w ]{0,30}an)\b",
    r"(?:abonnez-vous|inscrivez-vous)\b",
    r"(?:suscríbete|suscríbase|regístrate|apúntate)\b",
    # follow, share, app prompts
    r"(?:follow us|follow @|click here|click to (?:share|print|email)|(?:download|get) (?:the|our) [\w ]{0,30}app)\b",
    r"(?:thanks|thank you) for (?:subscribing|signing up|registering)\b",
    r"(?:continue reading (?:below|after|the (?:article|story))|read the full (?:story|article|report))\b",
    r"read (?:our|the) full (?:[\w'’+.&-]+ ){0,6}review\s*$",  # "Read our full Hulu + Live TV review"
    # disclosures
    r"th(?:is|e) (?:post|article|page|story) (?:may )?contains? affiliate links\b"
    r"|we may (?:earn|receive) (?:a )?(?:small )?(?:commission|compensation)\b",
    r"(?:have a (?:news )?tip\?|send us (?:a |your )?(?:news )?tips?\b)",
    r"th(?:is|e) (?:story|article) is (?:developing|breaking)|this is a (?:developing|breaking) (?:story|news story)",
    r"(?:tags|tagged(?: with)?|filed under|topics|schlagwörter|mots-clés|etiquetas)\s*:(?=\s*(?:$|\w))",
    r"(?:folgen sie uns|laden sie (?:die|unsere) app)\b",
    r"(?:suivez-nous|téléchargez (?:l[’']|notre )application)\b",
    r"(?:síguenos|descarga (?:la|nuestra) app)\b",
    r"(?:share this(?: post| article| story)?|teilen|partager|partagez|compartir|comparte)\s*(?::|$)",
    r"(?:share|teilen|partager|compartir) (?:on|via|auf|sur|en) \w+(?: \w+)?\s*$",
    # the stories before and after this one, and links to media: a label, then a separator
    r"(?:previous|prev|next|older|newer) (?:story|article|post)\s*[:|»›]",
    r"(?:vorheriger|nächster) (?:artikel|beitrag)\s*[:|»›]",
    r"article (?:précédent|suivant)\s*[:|»›]",
    r"(?:(?:artículo|noticia) (?:anterior|siguiente)|siguiente (?:artículo|noticia))\s*[:|»›]",
    r"(?:(?:photo )?gallery|photos|pictures|in pictures|video|watch|listen|audio|podcast|slideshow"
    r"|bildergalerie|fotostrecke|galerie|vidéo|diaporama|galería|fotogalería|vídeo)\s*[|»›]",
    r"(?:more|mehr|plus|más)\s*[»›]+\s*$",
    # where the copy came from, how to reach its writer, how long it takes to read
    r"(?:this (?:article|story|piece|post) (?:was|is|has been) (?:originally |first )?(?:re)?published"
    r" (?:on|by|at|from|with|in partnership with)|a version of this (?:article|story) (?:first |originally )?appeared)\b",
    r"(?:contact|email|e-mail|reach) (?:the )?(?:reporter|writer|author|journalist)s?\b",
    r"follow [\w .'’-]{1,40} on (?:twitter|x|instagram|facebook|bluesky|threads|linkedin|mastodon|tiktok)\b",
    r"\d+\s*-?\s*min(?:ute)?s?\.? read\s*$|(?:reading time|lesezeit|temps de lecture|tiempo de lectura)\s*:?\s*\d",
    # advertisement markers
    r"(?:advertisement|sponsored(?: content| post)?|anzeige|werbung|publicité|publicidad)"
    r"(?:\s*[-–:]\s*scroll to continue(?: reading)?)?\s*$",
    r"(?:(?:skip past|after) newsletter promotion|skip advertisement|ad feedback)\s*$",
    # a news page's buttons and notices, alone on their line
    r"(?:sign in|log in|loading(?:\.\.\.|…)?|leave a (?:comment|reply)|comments?|print|listen|follow|share"
    r"|text size|updated|published|show more|read more about|now playing|featured video|open in (?:the )?app"
    r"|link copied|(?:gift|save) (?:this )?(?:article|story)|share (?:full )?(?:article|story)|reuse this content"
    r"|explore more on these topics|list of \d+ items|end of list|(?:view|see) all(?: [\w'’-]+){0,4}"
    r"|story continues|continue reading)\s*$",
    # more of them, which may end in a colon, "!" or "." ("About the author:", "Learn More!"); the ones
    # above may not: "See all the candidates' answers below." is the article's
    r"(?:learn more|get started|get a (?:free )?quote|shop now|buy now|book a demo(?: today)?|jump to [\w ]{1,20}"
    r"|table of contents|contents|in this (?:article|post|story|guide)|about the (?:author|reviewer|writer)s?"
    r"|written by|\d+ comments?|discussion about this post|leave a reply(?: cancel reply)?|cancel reply|back to top"
    r"|skip to (?:main )?content|contact us|about us|careers|get in touch|connect with us|quick links|sitemap"
    r"|privacy policy|cookie policy|terms (?:of (?:service|use)|(?:&|and) conditions)|help cent(?:er|re)"
    r"|back to (?:blog|news|articles)|start (?:your )?free trial|email address|first name|last name)"
    r"\s*[:!.]?\s*$",
    r"oops! something went wrong while submitting the form|thank you! your submission has been received",
    r"listen to this (?:article|story)\b|listen\s*[·•|]\s*\d+(?::\d\d)?\s*min",
    r"already a subscriber\?|enjoy unlimited access\b",
    r"th(?:is|e) (?:article|story) is more than \d+ (?:years?|months?) old\s*$",
    r"the views (?:and opinions )?expressed (?:in this (?:article|piece|column|post) )?are (?:the author'?s'? own"
    r"|those of the author)|our standards: the thomson reuters trust principles",
    r"(?:story|article) continues (?:below|after)\b",
    # copyright notices
    r"©|copyright\s*(?:©|\(c\)|\d{4})",
)
_PROMO = re.compile(
    r"^[-*•«‹\[(\s]*(?:" + "|".join(_PROMO_OPENERS) + r")"  # "« Previous: …", "[Read more: …]"
    r"|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados"
    r"|delivered (?:straight |directly )?to your inbox"
    r"|may not be published, broadcast, rewritten",
    re.IGNORECASE,
)
# A headline as a link: "… »", "… more»", "» …" (a French quotation ending in » opens with «, a
# German one opens with » and no space)
_LINK_MARK = re.compile(r"\S(?:\s+|\s*\b(?:more|mehr|plus|más)\s*)[»›]+\s*$|^[»›]\s+\S", re.IGNORECASE)
_READ_MORE_SENTENCE = re.compile(
    r"^[-*•\s]*(?:" + _LINK_LABEL + "|" + _SHORT_LINK_LABEL + r"|see also)\s*[:|»›].*[.!?]$",
    re.IGNORECASE,
)
_SHARE_BUTTONS = frozenset(
    "facebook twitter x email e mail whatsapp linkedin pinterest reddit telegram messenger "
    "flipboard print copy link share tweet threads bluesky".split()
)
_MAX_PROMO_WORDS = 20
_MAX_CAPTION_WORDS = 60


def is_caption(paragraph: str) -> bool:
    """A photo caption or credit line: a caption label in front, an agency credit at the end, or
    the wire's contributor line."""
    return bool(
        _CAPTION_PREFIX.match(paragraph)
        or _CREDIT_SUFFIX.search(paragraph)
        or _AGENCY_BYLINE.search(paragraph)
        or _CREDIT_LINE.match(paragraph)
        or _PHOTOGRAPHER_CREDIT.match(paragraph)
        or (_CAPTION_PHRASE.search(paragraph) and len(_WORD.findall(paragraph)) <= _MAX_CAPTION_WORDS)
        or _CONTRIBUTORS.match(paragraph)
    )


def is_byline(paragraph: str) -> bool:
    """A byline alone on its line: "By" (or a label) and names, or names and a newsroom role."""
    return bool(_BYLINE.match(paragraph))


def is_timestamp(paragraph: str) -> bool:
    """A publication or update label with nothing after it but dates, times and weekdays (and a
    poster's name), or a date with its year and a clock time alone: a date alone may be a
    timeline's subhead, and is not one."""
    return bool(_TIMESTAMP.match(paragraph) or _DATE_AND_TIME.match(paragraph)) and any(
        char.isdigit() for char in paragraph
    )


def is_promo(paragraph: str) -> bool:
    """A short related-story label, a headline marked as a link, newsletter, subscribe, follow,
    share or app prompt, a page's button or notice, ad marker or copyright line."""
    words = _WORD.findall(paragraph.casefold())
    if not words or len(words) > _MAX_PROMO_WORDS:
        return False
    if (all(word in _SHARE_BUTTONS for word in words) and len(words) >= 2) or is_related_label(paragraph):
        return True
    if _LINK_MARK.search(paragraph) and not ("«" in paragraph or "‹" in paragraph):
        return True
    return bool(_PROMO.search(paragraph)) and not _READ_MORE_SENTENCE.match(paragraph)


def heads_one_link(paragraph: str) -> bool:
    """A related-stories label in the singular ("Related article"): one link follows, not a list."""
    return bool(_ONE_LINK_LABEL.match(paragraph))


def is_related_label(paragraph: str) -> bool:
    """A label alone on its line ("Related stories", "Mehr zum Thema"): the lines after it are
    links to other stories."""
    return bool(_BARE_LIST_LABEL.match(paragraph))
