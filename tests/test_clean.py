import datetime

import pytest

from schemas import Document, Removal
from transforms.clean import (
    RULE_DATELINE_HEADER,
    RULE_HEADLINE,
    RULE_HEADLINE_LIST,
    RULE_RELATED_LIST,
    RULE_REPEATED,
    RULE_REPEATED_HEADLINE,
    RULE_SOURCE_BOILERPLATE,
    RULE_TEASER,
    RULE_TRAILING_LIST,
    EmptyAfterCleaning,
    clean_document,
    clean_text,
    fingerprint,
    is_caption,
    is_promo,
    split_paragraphs,
)
from transforms.furniture import RULE_BYLINE, RULE_CAPTION, RULE_TIMESTAMP, is_byline, is_timestamp

BODY = (
    "The council voted on Tuesday to expand the bus network across the city.\n\n"
    "Officials said the plan would cost about 40 million euros over five years.\n\n"
    "Residents welcomed the decision at a packed public meeting in the town hall."
)


def rules(cleaned):
    return [removal.rule for removal in cleaned.removed]


@pytest.mark.parametrize(
    "line",
    [
        "ARCHIVE IMAGE: Chinese President Xi Jinping speaks. (Photo by Ng Han Guan - Pool/Getty Images)",
        "President Macron arrives in Beijing. (AP Photo/Andy Wong)",
        "FILE PHOTO: A man walks past the bank headquarters in Frankfurt",
        "Image: Jane Doe",
        "Credit: Reuters",
        "Protesters gather outside parliament. REUTERS/Yves Herman",
        "Firefighters at the scene on Monday. Photo by John Smith/AFP",
        "Der Kanzler am Montag in Berlin. (Foto: Kay Nietfeld/dpa)",
        "Foto: dpa",
        "Bild: Keystone",
        "Photo : AFP",
        "Crédit photo : Ludovic Marin / AFP",
        "Le président à l'Élysée. © AFP",
        "Imagen: EFE",
        "El presidente en Madrid. EFE/Chema Moya",
        "A voter at a polling station in Lisbon, 18 May 2025. EPA/MIGUEL A. LOPES",
        "Shoppers on Oxford Street on Saturday. Jane Roe/Getty Images",
        "A rescue worker in the rubble. (Photo courtesy of the fire department)",
        "Reporting by John Smith; Editing by Jane Doe",
        "(Reporting by John Smith in London; additional reporting by Ana Lopez; Editing by Jane Doe)",
        "(Reporting by John Smith)",
        "Writing by Tom Hals, editing by Chizu Nomiyama",
        "Image caption, Crowds gathered outside the town hall",
        "Photo by Jane Doe on Unsplash",
        "Illustration by Sam Green",
        "Courtesy of the artist",
        "Pictured: the mayor at the opening of the bridge",
        "(Getty Images)", "Jane Roe/Reuters", "Jane Roe / Shutterstock", "AFP via Getty Images", "Source: Reuters",
        "Guests pick their pastries from the cabinets. | Photo by Lisa Jennings",
        "Ann Lee, left, and Tom Fox at the launch of the bridge in Paris on Monday.",
        "The winners (L-R): Ann Lee, Tom Fox and Eva Klein", "From left: Ann Lee, Tom Fox and Eva Klein",
        "In this file photo, a man walks past the bank headquarters in Frankfurt.",
        "This image released by NASA shows the comet over the Pacific.",
        "The Associated Press contributed to this report.", "CNN's Ann Lee contributed reporting from Kyiv.",
        "Credit...Ann Lee for The New York Times", "Composite: Guardian Design; Getty Images",
        "Photo illustration by Ann Lee", "Ann Lee for The New York Times", "Tom Fox for NPR",
        "AP Photo/Ann Lee", "Getty Images/iStockphoto",
        "The test class of early 2025. Credit: Ann Lee", "Shot on the Canon R5. Photo Credit: Tom Fox",
        "Ann Lee/E+ via Getty Images", "Your phone at night. Tom Fox/Moment via Getty Images",
        "Image Credit: Upgraded Points", "The Queen in 2004 (Picture credit: Getty)",
    ],
)
def test_captions_and_credits_are_recognised(line):
    assert is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "By Ann Lee", "By ANN LEE AND TOM FOX", "Written by Brian Jenney", "By Jean-Luc O'Neil, Reuters",
        "By Ann Lee | Nov. 30, 2026", "By The Associated Press", "Author: Ann Lee", "Ann Lee, Staff Writer",
        "Tom Fox, the Post's Washington correspondent", "Von Hans Müller und Eva Klein", "Par Jean Dupont",
        "Por María García", "Ann Lee | Reuters", "Ann Lee, AFP", "Story by Ann Lee • 2h",
        "Ann Lee, CNN", "Ann Lee and Tom Fox, CNN", "Ann Lee | BBC News", "Tom Fox – NPR", "Written by: Ann Lee",
    ],
)
def test_bylines_are_recognised(line):
    assert is_byline(line)
    assert clean_text(f"{line}\n{BODY}").removed == (Removal(RULE_BYLINE, line),)


@pytest.mark.parametrize(
    "line",
    [
        "By Design", "By Order Of The Court", "By the numbers", "By Friday Morning, the council had voted.",
        "By 2030, the city wants to be carbon neutral.", "Ann Lee, who chairs the committee, said it was fair.",
        "Ann Lee, CNN's Washington bureau chief, said the vote would be close.",
        "Tom Fox, a reporter for the local paper, first broke the story.", "Par ailleurs, le maire a démissionné.",
        "Von Berlin nach Hamburg", "Courtesy of a new law, residents can park for free on Sundays in the centre.",
        "Tax Cuts for The Middle Class", "The Fight for New York News", "Reuters/Ipsos poll shows a tight race",
        "He paid with credit. Credit cards are accepted everywhere.", "Prices rose. Courtesy of the boom, wages did too",
        "He sent the photos via Reuters.", "The bank gave him credit via AP.",
    ],
)
def test_subheads_and_sentences_that_open_like_a_byline_stay(line):
    assert not is_byline(line) and not is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "Getty Images said in a statement that it would appeal the ruling.",
        "The photo of the minister went viral on Monday.",
        "Reuters reported that the talks had stalled.",
        "Image rights are at the heart of the lawsuit, lawyers said.",
        "A “springboard object” came out of my design process. (I picture the vault springboard.)",
        "- Wallet (credit/debit cards, cash, etc.)",
        "Das Foto zeigt den Kanzler bei seiner Ankunft in Paris.",
        "mux.HandleFunc(\"GET /api/lookup\", srv.handleLookup)",
        "Most voters backed the plan, according to an AP/NORC poll.",
        "Reporting by the Guardian has shown that the firm misled its investors.",
        "Reuters", "Getty Images", "Source: the city council", "Prices rose 4%/year, Reuters found.",
        "Take a few slow breaths to relax, center, and quiet the mind.", "Can you see the Z shape in this photo?",
        "He turned left, then right, and found the gate.", "Residents contributed to the report's findings.", "The mayor, left, said the bridge would reopen in May. " * 7,
    ],
)
def test_sentences_about_photos_or_agencies_stay(line):
    assert not is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "Published: 30 November 2026",
        "Updated 3:45 PM EST, Tue November 30, 2026",
        "Posted on November 30, 2026 by admin",
        "Last updated on 30.11.2026 at 14:05",
        "Updated: Nov. 30, 2026 at 9:14 a.m.",
        "Aktualisiert am 30.11.2026, 14:05 Uhr",
        "Veröffentlicht am 30. November 2026",
        "Publié le 30 novembre 2026 à 14h05",
        "Mis à jour le 1er décembre 2026",
        "Actualizado el 30 de noviembre de 2026",
        "Publicado: 30/11/2026 - 14:05",
        "Tue 4 Nov 2025 15.45 GMT", "November 30, 2026 at 3:45 p.m. EST", "20 Dec 2025, 11:59",
    ],
)
def test_timestamp_lines_are_removed_with_their_rule(line):
    cleaned = clean_text(f"{BODY}\n\n{line}\n\nThe first buses run in May.")
    assert [(removal.rule, removal.text) for removal in cleaned.removed] == [(RULE_TIMESTAMP, line)]


@pytest.mark.parametrize(
    "line",
    [
        "November 30, 2026",  # a timeline's subhead
        "15.45 GMT",  # a live blog's entry time
        "On November 30, 2026 at 3:45 p.m. the polls closed.",
        "Updated on the hour",
        "Published in 2020, the report found that prices had risen in every region.",
        "Updated guidance was published on 30 November 2026.",
        "Date night ideas for 2024",
    ],
)
def test_dates_in_the_text_are_not_timestamp_lines(line):
    assert not is_timestamp(line)


def test_caption_before_headline_is_removed_and_headline_becomes_title():
    text = "FILE PHOTO: The harbour at dawn. (Photo by A. Person/Getty Images)\n\n\nCity expands bus network\n\n" + BODY
    cleaned = clean_text(text)
    assert cleaned.title == "City expands bus network"
    assert rules(cleaned) == [RULE_CAPTION, RULE_HEADLINE]
    assert cleaned.paragraphs[0].startswith("The council voted")
    assert "Getty" not in cleaned.text


def test_repeated_paragraphs_are_kept_once():
    paragraphs = BODY.split("\n\n")
    cleaned = clean_text("\n".join(paragraphs + paragraphs[1:]))
    assert list(cleaned.paragraphs) == paragraphs
    assert rules(cleaned) == [RULE_REPEATED, RULE_REPEATED]


def test_repeated_paragraphs_of_scripts_without_spaces_are_kept_once():
    chinese = ["北京市政府周二宣布，将在明年春季开通三条新的地铁线路。", "市民对此表示欢迎，但也担心施工期间的交通拥堵问题。"]
    japanese = "東京都は火曜日、来年の春に新しい地下鉄の路線を三つ開通させると発表した。"
    cleaned = clean_text("\n".join([*chinese, japanese, chinese[0], japanese]))
    assert list(cleaned.paragraphs) == [*chinese, japanese]
    assert rules(cleaned) == [RULE_REPEATED, RULE_REPEATED]


def test_a_repeated_bulleted_item_stays():
    """Two offers on one page, each listing what it includes: the same item twice is content."""
    item = "- Included services: hotel-to-hotel baggage handling and the support of a tour manager"
    text = f"{BODY}\nSpring tour of Italy\n{item}\n- Eight days, ten meals\nAutumn tour of Spain\n{item}\n- Nine days"
    assert clean_text(text, rules_only=True).removed == ()
    assert rules(clean_text(text.replace("- ", ""), rules_only=True)) == [RULE_REPEATED]


def test_short_repeated_lines_stay():
    text = "You need flour and water.\nStep 1\nMix the flour and the water in a large bowl.\nStep 1\nRest."
    assert clean_text(text, rules_only=True).removed == ()


def test_trailing_lines_in_sentence_case_are_not_what_the_outlet_list_rule_takes():
    items = ["Eat more vegetables", "Drink water every day", "Sleep eight hours"]
    assert clean_text(BODY + "\n" + "\n".join(items), rules_only=True).paragraphs[-3:] == tuple(items)


RELATED_HEADLINES = [
    "Floods wreak havoc in the valley as rivers rise",
    "Mayor promises new bridge after years of delays",
    "Local school wins national robotics prize",
    "Police arrest two after late-night break-in",
]


@pytest.mark.parametrize("rules_only", [False, True])
def test_headlines_in_sentence_case_after_a_short_story_are_a_related_list_by_their_shape(rules_only):
    cleaned = clean_text(BODY + "\n" + "\n".join(RELATED_HEADLINES), rules_only=rules_only)
    assert cleaned.text == BODY
    assert rules(cleaned) == [RULE_HEADLINE_LIST] * len(RELATED_HEADLINES)


@pytest.mark.parametrize(
    "tail",
    [
        ["The plan has three parts:", "New express lines to the airport", "More buses on the night routes",
         "Cheaper tickets for students and pensioners"],  # after a lead-in, the article's own list
        ["1. New express lines to the airport", "2. More buses on the night routes", "3. Cheaper tickets for students"],
        ["Cost: about 40 million euros in five years", "Start: the first new lines open in May",
         "Length: 120 kilometres of new bus routes"],  # a definition list
        RELATED_HEADLINES[:2],  # two lines may be a sign-off
        [f"Line {n} Central Station to Airport every {n + 4} minutes" for n in range(1, 12)],  # a table
    ],
)
def test_short_lines_that_end_a_story_are_no_headline_list_after_a_lead_in_numbered_labelled_two_or_a_table(tail):
    assert clean_text(BODY + "\n" + "\n".join(tail), rules_only=True).removed == ()


@pytest.mark.parametrize(("label", "links"), [("Related stories", 3), ("Related article", 1)])
def test_a_link_marked_as_one_inside_a_related_list_is_one_of_its_links(label, links):
    """"… more»" is a promo line on its own; under a label it does not end the list, nor lengthen it."""
    lines = ["Floods wreak havoc in the valley more»", "Mayor promises new bridge", "School wins a robotics prize"]
    cleaned = clean_text(BODY + "\n" + label + "\n" + "\n".join(lines), rules_only=True)
    assert cleaned.paragraphs == tuple(split_paragraphs(BODY) + lines[links:])


def test_dateline_header_gives_date_and_title():
    cleaned = clean_text(" date 2025-12-04 France seeks help to end Ukraine war\n\n" + BODY)
    assert cleaned.title == "France seeks help to end Ukraine war"
    assert cleaned.published_at == datetime.datetime(2025, 12, 4, tzinfo=datetime.timezone.utc)
    assert rules(cleaned) == [RULE_DATELINE_HEADER]


def test_known_date_and_title_win_over_the_header():
    known = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    cleaned = clean_text("date 2025-12-04 Other title\n" + BODY, title="Feed title", published_at=known)
    assert (cleaned.title, cleaned.published_at) == ("Feed title", known)


def test_trailing_outlet_list_is_removed():
    outlets = ["Boston Herald", "ClickOrlando", "New York Post", "The Atlantic"]
    cleaned = clean_text(BODY + "\n\n" + "\n".join(outlets))
    assert [r.text for r in cleaned.removed] == outlets
    assert set(rules(cleaned)) == {RULE_TRAILING_LIST}
    assert cleaned.paragraphs[-1].startswith("Residents welcomed")


def test_two_short_closing_lines_are_not_a_list():
    cleaned = clean_text(BODY + "\n\nWu reported from Bangkok.\nEditing by Jane Roe")
    assert cleaned.paragraphs[-1] == "Editing by Jane Roe"
    assert cleaned.removed == ()


def test_subheads_inside_the_article_stay():
    text = BODY.replace("\n\nOfficials", "\n\nBoth are eager for more trade\n\nOfficials")
    cleaned = clean_text(text)
    assert "Both are eager for more trade" in cleaned.paragraphs
    assert cleaned.removed == ()


def test_first_line_repeating_the_known_title_is_removed():
    cleaned = clean_text("City Expands Bus Network\n" + BODY, title="City expands bus network")
    assert rules(cleaned) == [RULE_REPEATED_HEADLINE]
    assert cleaned.title == "City expands bus network"


def test_first_short_line_is_kept_when_the_title_is_known():
    cleaned = clean_text("A plan years in the making\n" + BODY, title="City expands bus network")
    assert cleaned.paragraphs[0] == "A plan years in the making"


def test_first_sentence_is_not_taken_for_a_headline():
    cleaned = clean_text(BODY)
    assert cleaned.title is None
    assert cleaned.text == BODY


def test_hard_wrapped_lines_are_joined():
    text = "The council voted on Tuesday to expand the\nbus network across the city.\nOfficials agreed."
    assert split_paragraphs(text) == [
        "The council voted on Tuesday to expand the bus network across the city.",
        "Officials agreed.",
    ]


def test_text_has_paragraphs_separated_by_blank_lines():
    cleaned = clean_text(BODY.replace("\n\n", "\r\n"))
    assert cleaned.text == BODY


def test_document_left_empty_is_an_error():
    doc = Document(id="x", source_uri="x.txt", payload=b"", content_type="text", text="Photo: AP")
    with pytest.raises(EmptyAfterCleaning, match="no text left"):
        clean_document(doc)


def test_clean_document_records_removals_and_title():
    doc = Document(
        id="x", source_uri="x.txt", payload=b"", content_type="text",
        text="Image: John Doe\nBus network grows\n" + BODY,
    )
    cleaned = clean_document(doc)
    assert cleaned.title == "Bus network grows"
    assert [r.rule for r in cleaned.removed] == [RULE_CAPTION, RULE_HEADLINE]
    assert cleaned.text == BODY


@pytest.mark.parametrize(
    "line",
    [
        "Related: Why Does Your Business Need Local SEO Services?", "Related Articles", "Advertisement",
        "Sign up for our newsletter.", "Subscribe", "Share this post", "Follow us on Instagram",
        "Click here to discover the top event skills", "© 2025 City News. All rights reserved.",
        "Copyright 2024 Example Media", "You may also like", "- Download the app",
        "Read more: Markets slide as rate fears return", "Also read:", "Related Stories",
        "Facebook Twitter Email", "Share this article", "Story continues below advertisement",
        "Get the latest headlines delivered to your inbox every morning",
        "Copyright 2025 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
        "Mehr zum Thema", "Lesen Sie auch: Die Bahn streicht Verbindungen", "Newsletter abonnieren",
        "Folgen Sie uns auf Instagram", "Anzeige", "© dpa-infocom GmbH, alle Rechte vorbehalten",
        "À lire aussi : Le gouvernement prépare un nouveau budget", "Abonnez-vous à notre newsletter",
        "Suivez-nous sur X", "Publicité", "Tous droits réservés",
        "Te puede interesar: El Gobierno aprueba los presupuestos", "Suscríbete a nuestro boletín",
        "Síguenos en Facebook", "Publicidad", "Todos los derechos reservados",
        "Previous story: Floods wreak havoc in northern villages", "Next article › Council passes budget",
        "Gallery | Voting scenes from across the region", "VIDEO | Minister explains the delay", "more»",
        "Nächster Artikel: Bahn streicht Verbindungen", "Vidéo | Le ministre s'explique",
        "WATCH: Minister explains the delay", "LISTEN: The week in politics", "ALSO READ | Floods hit town",
        "Related Links", "Local Top Stories", "Other News", "Most read", "More from Politics",
        "Lo más leído", "Les plus lus", "Meistgelesen",
        "4 min read", "12 Min Read", "Reading time: 3 minutes", "Lesezeit: 4 Minuten",
        "This article was originally published on The Conversation.",
        "This article is republished from The Conversation under a Creative Commons license.",
        "Contact the reporter at ann.lee@example.com", "Follow Ann Lee on Twitter @annlee",
        "Related Article: Mayor promises new bridge", "RELATED STORY: Mayor promises new bridge",
        "Also see: Mayor promises new bridge", "Watch live: Mayor speaks on bridge plans",
        "Live updates: Floods in the north", "Continue reading below", "Read the full story here",
        "Download the NBC News app for breaking news", "Have a news tip? Email us at tips@example.com",
        "This story is developing and will be updated.", "Click to share on Facebook (Opens in new window)",
        "Tags: floods, weather, north", "Filed under: Weather", "Tags:",
        "Floods wreak havoc in the valley »", "Mayor promises new bridge more»", "» Floods wreak havoc in the valley",
        "« Previous story: Council passes budget", "Leia também: Governo aprova o orçamento",
        "Leggi anche: Il governo approva il bilancio", "Zie ook: Kabinet keurt begroting goed",
        "Czytaj też: Rząd przyjął budżet", "Leggi anche",
        "skip past newsletter promotion", "Advertisement - Scroll to continue", "SKIP ADVERTISEMENT", "Ad Feedback",
        "list of 4 items", "end of list", "Listen to this article", "Listen · 5:32 min", "Gift this article",
        "Share full article", "This article is more than 2 years old", "Already a subscriber? Sign in",
        "Explore more on these topics", "Reuse this content", "See all", "View all blog posts", "Sign in",
        "Loading...", "Comments", "Share", "Share article", "Story continues", "Continue reading",
        "The views expressed in this article are the author's own.",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Voir aussi : Le gouvernement prépare un budget", "Ver también: El Gobierno aprueba los presupuestos",
        "[Read more: Markets slide as rate fears return]", "Check out: Ten things to know before you travel",
        "Read our full Hulu + Live TV review", "Read the full Renault 4 review", "Thanks for subscribing!",
        "Thank you for signing up to our daily newsletter.", "This post may contain affiliate links.",
        "We may earn a commission from links on this page.", "Get the Hindustan Times app!",
        "You may also be interested in the following articles:", "If you liked this post you might also like:",
        "Learn more", "Get Started", "Get a Quote", "Shop now", "Book a demo today!", "Jump to Review",
        "Table of Contents", "Contents:", "In this article", "About the Author:",
        "Written by", "12 Comments", "Leave a Reply Cancel reply", "Back to top", "Skip to main content",
        "Contact Us", "About us", "Careers", "Privacy Policy", "Terms & Conditions", "Start your free trial",
        "Oops! Something went wrong while submitting the form.", "First name",
    ],
)
def test_promos_are_recognised(line):
    assert is_promo(line)


@pytest.mark.parametrize(
    "line",
    [
        "Related research shows that buses cut emissions by a third.",
        "See all the candidates' answers below.", "More on that later, the mayor said.",
        "Subscribers to the service rose by 12 percent last year.",
        "Copyright law is at the heart of the case, lawyers said.",
        "Sponsored by the city, the festival drew 40,000 visitors.",
        "The council said it would subscribe to the regional plan. " * 3,
        "Read more: the full report is published on the ministry's website.",
        "Twitter and Facebook were blocked for a week.",
        "Die Anzeige wurde am Montag bei der Polizei erstattet.",
        "Partager les richesses, disait-il, est un devoir.",
        "Video shows the minister leaving the building by a side door.",
        "The next story he told was about the war.", "Watch the video: it shows the crash.",
        "Watch: he said the bridge would open.", "More than 200 people were hurt in the blast.",
        "Top news outlets reported the story first.", "Listen to the full interview",
        "This article was originally published in 2015 and has been updated since.",
        "Reading time fell by a third once the text was shortened.", "It is a 5 minute walk to the station.",
        "Follow the signs to the station.", "Live music returns to the park this summer.",
        "tags: [Tag!]!", "Related stories of flooding reached the capital within hours, officials said.",
        "Il a dit : « Nous allons reconstruire »", "»Vi kommer att bygga om»", "»Wir schaffen das«, sagte sie.",
        "Comments from readers poured in within the hour.", "Published in 2019, the report was ignored.",
        "Share prices fell by a third.", "The views expressed at the meeting were mixed.",
        "Listen to this: the bells rang all night.",
        "Learn more about the plan at the town hall on Monday.", "Check out these ten walks near the city",
        "Contents of the box include a charger.", "In this article's first draft, the mayor was named.",
        "Get started early: the queue forms at dawn.", "About the author of the report, little is known.",
        "Thanks for the warm welcome, she told the crowd.", "We may earn more next year, the union said.",
        "Contact us at the number below if you see him.", "Careers in nursing are growing fastest",
        "Written by hand, the letters were found in 1990.", "12 comments were deleted by the moderators.",
    ],
)
def test_sentences_that_start_like_promos_stay(line):
    assert not is_promo(line)


def test_a_run_of_teasers_is_removed_by_the_teaser_rule():
    teasers = ["Markets slide as investors brace for...", "Ten things to know before you travel to…"]
    cleaned = clean_text(BODY + "\n" + "\n".join(teasers), rules_only=True)
    assert cleaned.text == BODY
    assert rules(cleaned) == [RULE_TEASER, RULE_TEASER]


def test_subheads_trailing_off_and_a_results_table_stay_where_the_rules_alone_would_cut_them():
    """The shipped classifier vetoes the teaser and trailing-list rules on article text."""
    subhead = BODY.replace("\n\nOfficials", "\n\nAnd then the money ran out...\n\nThe next plan...\n\nOfficials")
    results = BODY + "\n\nResults:\n1. Bayliss (Ducati) 1'32.2\n2. Rea (Kawasaki) +0.4\n3. Razgatlioglu (Yamaha) +1.1"
    for text in (subhead, results):
        assert clean_text(text, rules_only=True).removed
        assert clean_text(text).text == "\n\n".join(split_paragraphs(text))


def test_one_paragraph_trailing_off_stays():
    text = BODY + "\nAnd then, she said, the lights went out..."
    assert clean_text(text).removed == ()


def test_learned_source_boilerplate_is_removed_with_its_rule():
    footer = "Support independent local journalism with a gift today."
    cleaned = clean_text(BODY + "\n" + footer, source_boilerplate={fingerprint(footer.upper())})
    assert cleaned.text == BODY
    assert cleaned.removed == (Removal(RULE_SOURCE_BOILERPLATE, footer),)


def test_learned_paragraphs_that_are_most_of_the_text_stay():
    """A story its source sent many times is not its own boilerplate."""
    paragraphs = BODY.split("\n\n")
    learned = {fingerprint(p) for p in paragraphs[:2]}
    assert clean_text(BODY, source_boilerplate=learned).text == BODY


@pytest.mark.parametrize(
    "label",
    ["Mehr zum Thema", "Local Top Stories", "Other News", "Related Links", "Similar Posts", "You may also like...",
     "Recent stories:", "Latest", "Readers Also Liked", "More Sports News", "Popular on Vox", "Notas relacionadas",
     "Leggi anche", "Zie ook", "Related Questions", "Related products and services", "More on Ukraine",
     "More buying guides", "In case you missed it", "ICYMI", "Featured stories", "Explore our latest news",
     "You might like these courses"],
)
def test_headlines_under_a_related_label_are_removed_up_to_the_next_sentence_in_any_case_and_ending(label):
    links = "Why did the council vote no?\nFloods wreak havoc in the valley\nA win at last!"
    text = BODY.replace("\n\nResidents", f"\n\n{label}\n{links}\n\nResidents")
    cleaned = clean_text(text)
    assert cleaned.text == BODY
    assert rules(cleaned) == ["promo", RULE_RELATED_LIST, RULE_RELATED_LIST, RULE_RELATED_LIST]


def test_the_articles_own_bullets_after_a_related_list_stay():
    """An unmarked list of links ends where the article's bulleted or numbered items begin."""
    for items in ("- Schools close at noon\n- Buses run until six", "1. Schools close\n2. Buses run until six"):
        related = f"Related stories\nBahn streicht Verbindungen\n{items}"
        text = BODY.replace("\n\nResidents", f"\n\n{related}\n\nResidents")
        cleaned = clean_text(text)
        assert items.split("\n") == [p for p in cleaned.paragraphs if p[0] in "-12"]
        assert rules(cleaned) == ["promo", RULE_RELATED_LIST]


@pytest.mark.parametrize(
    "line",
    ["Latest: police say the road will reopen on Monday.", "Up next: the Lakers host Boston on Friday",
     "Also on Monday: the mayor resigned"],
)
def test_a_word_that_labels_lists_stays_in_front_of_the_articles_sentence(line):
    text = BODY + "\n" + line
    assert clean_text(text).paragraphs[-1] == line


@pytest.mark.parametrize("label", ["Related article", "Related Story", "RECOMMENDED VIDEO:"])
def test_a_label_in_the_singular_heads_one_link(label):
    text = BODY.replace("\n\nResidents", f"\n\n{label}\nThe smart thermostat buying guide\nWhat happens next?\n\nResidents")
    cleaned = clean_text(text)
    assert "What happens next?" in cleaned.paragraphs
    assert rules(cleaned) == ["promo", RULE_RELATED_LIST]


def test_the_links_to_the_stories_before_and_after_under_their_labels_go():
    neighbours = ("Previous article\nFloods wreak havoc in the valley\nNext article\nMayor promises new bridge",
                  "« Previous Post\nFloods wreak havoc in the valley\nNext Post »\nMayor promises new bridge",
                  "Article précédent\nLes inondations ravagent la vallée\nArticle suivant\nLe maire promet un pont",
                  "Previous\nFloods wreak havoc in the valley\nNext\nMayor promises new bridge")
    for links in neighbours:
        cleaned = clean_text(f"{BODY}\n{links}")
        assert cleaned.text == BODY
        assert rules(cleaned) == ["promo", RULE_RELATED_LIST] * 2
    for subhead in ("Next steps", "Next year", "Previously"):  # the article's, before its own paragraph
        assert subhead in clean_text(BODY.replace("\n\nResidents", f"\n\n{subhead}\n\nResidents")).paragraphs


def test_lines_after_a_related_headline_stay():
    """Only a bare label opens a list; "Read more: <headline>" is one link."""
    text = BODY + "\nRead more: Markets slide as rate fears return\nWhat happens next"
    cleaned = clean_text(text)
    assert cleaned.paragraphs[-1] == "What happens next"
    assert rules(cleaned) == ["promo"]
