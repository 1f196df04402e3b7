"""Events: every happening a post reports, with the words behind it, and one id per real event across posts."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import SEED, need
from kg.cli import main
from kg.event_resolution import EventResolver, Report, renamed, reports
from kg.extract.pipeline import Extraction
from kg.extract.resources import Resources
from kg.gazetteer import load_gazetteer
from kg.model import Post
from kg.sparql import load_store, run_query
from kg.queries import load_query


@pytest.fixture(scope="module")
def extraction():
    return Extraction(load_gazetteer())


def post(post_id: str, text: str, day: datetime | None = datetime(2025, 10, 6, 9, tzinfo=timezone.utc)) -> Post:
    return Post(post_id=f"test/{post_id}", message_id=post_id, ordinal=0, channel="test", date=day, text=text)


def events(extraction, text, day=datetime(2025, 10, 6, 9, tzinfo=timezone.utc)):
    return extraction(post("1", text, day)).events


def resolve(extraction, *posts: Post):
    """The records of the posts with one id per real event, as a build makes them."""
    records = [extraction(p) for p in posts]
    resolver = EventResolver(Resources(extraction.gazetteer).event_families)
    ids = resolver.ids(r for record in records for r in reports(record))
    return [renamed(record, ids) for record in records]


# ---- events of one post ------------------------------------------------------------------------------------------

def test_a_post_that_reports_two_events_gives_two(extraction):
    found = events(extraction, "On October 5, Sergey Lavrov held talks with Wang Yi in Beijing. On October 6, "
                               "Sergey Lavrov visited Pyongyang, where he met Choe Son Hui.")
    assert [(e.date, e.type, e.place) for e in found] == [
        ("2025-10-05", "talks", "place/beijing"), ("2025-10-06", "visit", "place/pyongyang")]
    assert found[0].id != found[1].id
    assert "person/wang-yi" in found[0].participants and "person/wang-yi" not in found[1].participants


def test_a_later_happening_is_an_event_where_its_word_stands_a_long_clause_before_its_date(extraction):
    found = events(extraction, "On October 5, Vladimir Putin had a telephone conversation with Emomali Rahmon. "
                               "Emomali Rahmon condemned the drone attack targeting the President's official residence "
                               "in the Novgorod Region overnight into October 3.")
    assert [(e.date, e.type, e.place) for e in found] == [
        ("2025-10-05", "phone_call", None), ("2025-10-03", "attack", "place/novgorod-region")]


def test_the_journalist_who_asks_takes_no_part_in_an_interview(extraction):
    (interview,) = events(extraction, "📺 Watch Ambassador Andrei Kelin's interview with Channel 4 presenter Krishnan "
                                      "Guru-Murthy (5 October 2025)")
    assert interview.participants == ["person/andrei-kelin"]  # (the presenter is found, by his trade)


def test_dates_that_name_one_happening_are_one_event(extraction):
    found = events(extraction, "On October 5, Sergey Lavrov met Wang Yi. The meeting of October 5 was warm.")
    assert [(e.date, e.type) for e in found] == [("2025-10-05", "meeting")]


def test_a_night_and_one_of_its_days_name_one_happening_but_a_week_does_not(extraction):
    new_year = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
    found = events(extraction, "In the first minutes of the New Year, dozens were killed in the Kherson Region.\n\n"
                               "The drone strike carried out on New Year's night was an act of terror.", new_year)
    assert [(e.date, e.type, e.place) for e in found] == [("2026-01-01", "attack", "place/kherson-region")]
    week = events(extraction, "Crimes of the week of December 22-28:\n\nOn December 23, drones attacked Donetsk.\n\n"
                              "On December 25, drones attacked Gorlovka.", new_year)
    assert [e.date for e in week] == ["2025-12-22", "2025-12-23", "2025-12-25"]  # each day's attack its own



def test_a_day_s_digest_joined_to_the_happening_it_names_takes_that_happening_s_place(extraction):
    friday = datetime(2024, 11, 29, 16, tzinfo=timezone.utc)
    found = events(extraction, "**Спецоперация. Обстановка и главные события на 29 ноября.\n**\n▪️Российская армия "
                               "взяла под контроль населенные пункты в ДНР;\n\n▪️Белоусов в пятницу прибыл с "
                               "официальным визитом в КНДР.", friday)
    assert [(e.date, e.type, e.place, e.participants) for e in found] == [
        ("2024-11-29", "visit", "place/north-korea", ["person/andrey-belousov"])]  # not a visit to the DPR

def test_the_main_event_comes_first_and_has_a_trigger_or_is_other(extraction):
    (found,) = events(extraction, "On October 3, the weather in Moscow was fine.")
    assert (found.type, found.trigger) == ("other", None)
    assert found.date_words.surface == "October 3"


def test_participants_come_from_the_paragraph_and_the_list_that_goes_on_about_it(extraction):
    text = ("On October 5, Moscow hosted the meeting of the Moscow Format on Afghanistan. "
            "The Afghan delegation was led by Foreign Minister Amir Khan Muttaqi.\n\n"
            "Attending the meeting were:\n\n"
            "🇰🇿 Ambassador of Kazakhstan Dauren Abayev;\n\n"
            "🇰🇬 Ambassador of Kyrgyzstan Kubanychbek Bokontayev.\n\n"
            "The weather was fine. Vladimir Putin was in Sochi.")
    (found,) = events(extraction, text)
    assert found.place == "place/moscow"  # "Moscow hosted"
    assert {"person/amir-khan-muttaqi", "person/dauren-abayev", "person/kubanychbek-bokontayev"} <= set(
        found.participants)
    assert "person/vladimir-putin" not in found.participants
    words = found.participant_words["person/amir-khan-muttaqi"]
    assert text[words.start:words.end] == words.surface == "Amir Khan Muttaqi"


def test_later_paragraphs_about_the_event_its_audience_or_guests_give_participants(extraction):
    text = ("On January 26, Hanoi hosted the MGIMO Day, the first of a series of meetings with students.\n\n"
            "The event brought together over one hundred and fifty students.\n\n"
            "Warm greetings were addressed to the audience by Ambassador of Russia Gennady Bezdetko.\n\n"
            "In his address to the guests, Rector Anatoly Torkunov spoke of the university.\n\n"
            "The weather was fine. Vladimir Putin was in Sochi.")
    (found,) = events(extraction, text, datetime(2026, 1, 27, tzinfo=timezone.utc))
    assert sorted(found.participants) == ["person/anatoly-torkunov", "person/gennady-bezdetko"]


def test_places_are_where_it_happened_not_what_a_title_or_a_statement_names(extraction):
    (talks,) = events(extraction, "On October 5, Sergey Lavrov held talks in Beijing with Wang Yi.")
    assert talks.place == "place/beijing"
    (visit,) = events(extraction, "On October 5, Sergey Lavrov arrived on a visit to Vietnam.")
    assert visit.place == "place/vietnam"
    (titled,) = events(extraction, "On October 5, Sergey Lavrov met Ambassador of Russia to Egypt Georgy Borisenko.")
    assert titled.place is None
    (statement,) = events(extraction, "On October 5, the Foreign Ministry issued a statement on the situation in "
                                      "Ukraine.")
    assert statement.place is None
    (mission,) = events(extraction, "On October 5, Sergey Lavrov met the staff of the Russian Embassy in Cairo.")
    assert mission.place is None  # the city names the mission (its staff may have come to Moscow)
    (venue,) = events(extraction, "On October 5, a ceremony was held at the Consulate General of the Russian "
                                  "Federation in Montreal.")
    assert venue.place == "place/montreal"  # the mission is where it happened
    (russian,) = events(extraction, "5 октября встреча прошла в посольстве Катара в Москве.")
    assert russian.place == "place/moscow"
    (guest,) = events(extraction, "On October 5, Sergey Lavrov held talks with Minister of Foreign Affairs of Cuba "
                                  "Bruno Rodríguez Parrilla, who visited Russia on a working visit.")
    assert guest.place == "place/russia"  # where the guest came is where they met
    (liberation,) = events(extraction, "On January 27, 1944, Leningrad was fully liberated from the blockade.",
                           datetime(2026, 1, 27, tzinfo=timezone.utc))
    assert liberation.place == "place/leningrad"  # the place that was liberated, by the name it had
    (flight,) = events(extraction, "On March 4, a special flight from Azerbaijan landed at Zhukovsky Airport near "
                                   "Moscow.")
    assert flight.place == "place/moscow"  # where it came from is no place of the landing
    (threats,) = events(extraction, "The statements about strikes against Iran that were made on December 29 during "
                                    "Benjamin Netanyahu's visit to the United States are a concern.")
    assert threats.place == "place/united-states"  # not the place named before the visit's word
    (condolences,) = events(extraction, "On March 5, Andrey Rudenko visited the Embassy of Iran in Moscow to express "
                                        "condolences.")
    assert condolences.place == "place/moscow"  # the mission he visited is the venue
    (drone,) = events(extraction, "The drone was shot down on the night of October 5 over Novgorod region during a "
                                  "terrorist attack.")
    assert drone.place == "place/novgorod-region"  # an attack happens over a place
    (talks,) = events(extraction, "On October 5, the ministers held talks over Syria.")
    assert talks.place is None  # what talks are over is their subject
    (days,) = events(extraction, "🇷🇺 🇶🇦 October 5 wraps up the Days of Russian Culture in Qatar.")
    assert days.place == "place/qatar"  # no word names the happening: a country the flags pair, after "in"
    (holiday,) = events(extraction, "🇷🇺 October 5 is Diplomatic Workers' Day in Russia!")
    assert holiday.place is None  # a lone flag: the channel's country, where a day is kept, not a venue
    (launch,) = events(extraction, "🇷🇺 🇭🇺 On the launch of the Paks Nuclear Power Plant in Hungary\n\n"
                                   "On October 5, a ceremonial pouring was held at the foundation of Unit 5.")
    assert launch.place == "place/hungary"  # the opening paragraph says where the post's story is
    (lone,) = events(extraction, "🇷🇺 On the launch of the programme in Russia\n\n"
                                 "On October 5, a ceremonial pouring was held at the foundation of Unit 5.")
    assert lone.place is None  # … but only a country the flags pair
    (race,) = events(extraction, "On October 5, the renowned dog-sled race held in Russia's Kamchatka kicks off.")
    assert race.place == "place/kamchatka-territory"  # past the country that owns it
    thursday = datetime(2024, 11, 28, 12, tzinfo=timezone.utc)
    (outages,) = events(extraction, "Компания предупреждает об отключениях света в четверг на Украине.", thursday)
    assert outages.place == "place/ukraine"  # no word names the happening: the country right after its date
    (outages,) = events(extraction, "Компания предупреждает об отключениях света на Украине в четверг.", thursday)
    assert outages.place is None  # … not one before it, which may be what the post talks about
    (strikes,) = events(extraction, "Шесть человек погибли из-за ударов по КПП в провинции Хомс в ночь на среду.",
                        thursday)
    assert strikes.place == "place/homs"  # the province's word between the preposition and its name
    (night,) = events(extraction, "Спецназ начал разгон сторонников оппозиции в центре Тбилиси.\n\nМитингующие "
                                  "ночью использовали пиротехнику.", datetime(2024, 12, 2, 2, tzinfo=timezone.utc))
    assert night.place == "place/tbilisi"  # the city the opening paragraph puts the story in, past "центре"
    (drowned,) = events(extraction, "Собака ждет хозяина, утонувшего в реке под Уфой.\n\nМужчина 24 ноября решил "
                                    "проехать через реку.", thursday)
    assert drowned.place == "place/ufa"  # "под" (near) a city


def test_a_dateline_with_its_date_first_dates_and_places_the_event_of_its_title(extraction):
    (answer,) = events(extraction, "❗ Ambassador Gennady Gatilov’s answer to a question from the media:\n\n"
                                   "📍 January 15, 2026, Geneva \n\n❓ Question: How would you comment on this?",
                       datetime(2026, 1, 15, 18, tzinfo=timezone.utc))
    assert (answer.date, answer.place, answer.participants) == ("2026-01-15", "place/geneva",
                                                                ["person/gennady-gatilov"])
    (dateline,) = events(extraction, "📍 Geneva, January 15, 2026\n\nThe talks were held.",
                         datetime(2026, 1, 15, 18, tzinfo=timezone.utc))
    assert (dateline.date, dateline.place) == ("2026-01-15", "place/geneva")  # place first, as before


def test_a_city_set_off_by_a_dash_after_its_country_is_the_place(extraction):
    (attack,) = events(extraction, "On the night of January 29, militants carried out an armed attack on the airport "
                                   "in the capital of Niger – Niamey , as well as on the nearby air base.",
                       datetime(2026, 2, 3, tzinfo=timezone.utc))
    assert attack.place == "place/niamey"


def test_a_place_after_the_word_for_a_part_of_it_or_a_venue_in_it_is_where_it_happened(extraction):
    thursday = datetime(2024, 11, 28, 12, tzinfo=timezone.utc)
    (oak,) = events(extraction, "Дуб в парке Брянска в четверг частично переделали.", thursday)
    assert oak.place == "place/bryansk"
    (landing,) = events(extraction, "Самолет в четверг экстренно сел в аэропорту Махачкалы.", thursday)
    assert landing.place == "place/makhachkala"
    (drone,) = events(extraction, "В районе Таганрога в четверг сбили беспилотник.", thursday)
    assert drone.place == "place/taganrog"
    (landing,) = events(extraction, "On Thursday, the plane landed at the airport of Makhachkala.", thursday)
    assert landing.place == "place/makhachkala"


def test_places_the_gazetteer_does_not_know_are_found_by_the_words_around_them(extraction):
    (born,) = events(extraction, "On January 25, 1759, the great poet Robert Burns was born in Alloway.")
    assert born.place == "place/alloway"
    (crash,) = events(extraction, "Moscow conveys its condolences to the families of the victims of the collision of "
                                  "two trains in Adamus on January 18.", datetime(2026, 1, 19, tzinfo=timezone.utc))
    assert crash.place == "place/adamus"
    (debate,) = events(extraction, "The bill was debated in Parliament on March 3.",
                       datetime(2026, 3, 4, tzinfo=timezone.utc))
    assert debate.place is None  # a word of an organisation's name is no place's
    record = extraction(post("2", "On March 3, the troops cleared the city of German forces near the French village "
                                  "of Oradour.", datetime(2026, 3, 4, tzinfo=timezone.utc)))
    assert not {"place/german", "place/french"} & {entity.id for entity in record.entities}


def test_where_a_journey_ends_is_the_place_of_a_visit_an_evacuation_or_an_untyped_happening(extraction):
    (flight,) = events(extraction, "On March 2, an Il-76 aircraft of Russia's EMERCOM brought Russian nationals from "
                                   "Egypt to Moscow.", datetime(2026, 3, 2, tzinfo=timezone.utc))
    assert flight.place == "place/moscow"
    (remembrance,) = events(extraction, "The day of remembrance originates from the attack on two couriers travelling by "
                                        "train from Moscow to Riga on February 5, 1926.",
                            datetime(2026, 2, 7, tzinfo=timezone.utc))
    assert remembrance.place is None  # the attack was on the way, not where the journey ended



def test_a_guest_on_a_visit_and_a_delegation_headed_by_a_commissioner_give_the_place(extraction):
    (talks,) = events(extraction, "On January 22, President of Russia Vladimir Putin will hold talks with President of "
                                  "the State of Palestine Mahmoud Abbas, who will be in Russia on a working visit.")
    assert talks.place == "place/russia"  # where the guest is on a visit is where they meet
    (russian,) = events(extraction, "22 января Владимир Путин проведет переговоры с президентом Палестины Махмудом "
                                    "Аббасом, который будет находиться в России с рабочим визитом.")
    assert russian.place == "place/russia"
    (statement,) = events(extraction, "On January 22, Maria Zakharova commented on the situation in Russia.")
    assert statement.place is None  # a country after "in" is still no place of a statement without a visit
    (observers,) = events(extraction, "On February 11-12, a delegation headed by Commissioner Pavel Andreev visited "
                                      "Dhaka to observe the elections.")
    assert observers.place == "place/dhaka"  # a "Commissioner" heads no mission that Dhaka would only name


def test_a_word_of_a_body_s_name_is_no_trigger(extraction):
    (visit,) = events(extraction, "On February 11, the delegation of the Central Election Commission of the Russian "
                                  "Federation arrived in Dhaka.")
    assert visit.type == "visit" and visit.place == "place/dhaka"  # not an "election" on February 11

def test_the_place_of_an_answer_is_not_that_of_the_happening_it_answers(extraction):
    found = events(extraction, "Last night, in response to the terrorist attack on the residence of the President in "
                               "Novgorod region, launched on the night of 29 December 2025, the Armed Forces launched "
                               "a massive strike at facilities on the territory of Ukraine.",
                   datetime(2026, 1, 9, tzinfo=timezone.utc))
    assert [(e.date, e.place) for e in found] == [("2026-01-08", "place/ukraine"),
                                                  ("2025-12-29", "place/novgorod-region")]
    (strikes,) = events(extraction, "On the morning of February 28, armed forces carried out airstrikes on the "
                                    "territory of Iran.", datetime(2026, 2, 28, tzinfo=timezone.utc))
    assert strikes.place == "place/iran"  # a country, where the words say "on the territory of"


def test_an_initial_or_a_title_abbreviation_ends_no_sentence_of_the_event(extraction):
    (credentials,) = events(extraction, "On January 23, Ambassador of Russia Zebulon Quartermain presented his "
                                        "credentials to President of the Republic of Ruritania, Gen. Michael Wendrick.")
    assert "person/michael-wendrick" in credentials.participants  # "Gen." ends no sentence
    (talks,) = events(extraction, "On January 23, Sergey V. Lavrov held talks with Mr. Michael Wendrick.")
    assert set(talks.participants) == {"person/sergey-lavrov", "person/michael-wendrick"}


def test_a_list_numbered_with_keycap_digits_goes_on_about_the_event(extraction):
    (meeting,) = events(extraction, "On October 5, Moscow hosted the meeting of the Moscow Format.\n\n"
                                    "Attending the meeting were:\n\n"
                                    "1️⃣ Ambassador of Kazakhstan Dauren Abayev;\n"
                                    "2️⃣ Ambassador of Kyrgyzstan Kubanychbek Bokontayev.\n\n"
                                    "The weather was fine. Vladimir Putin was in Sochi.")
    assert set(meeting.participants) == {"person/dauren-abayev", "person/kubanychbek-bokontayev"}


def test_a_city_that_awaits_its_guests_hosts_the_event(extraction):
    (victory,) = events(extraction, "Москва ждет президента Казахстана на праздновании 80-летия Победы 9 мая 2025 года.",
                        datetime(2024, 11, 26, tzinfo=timezone.utc))
    assert (victory.date, victory.place) == ("2025-05-09", "place/moscow")
    (forum,) = events(extraction, "On May 9, Minsk awaits the delegations at the forum.")
    assert forum.place == "place/minsk"


def test_a_place_in_the_name_of_the_happening_is_where_it_happened(extraction):
    day = datetime(2026, 2, 2, tzinfo=timezone.utc)
    (battle,) = events(extraction, "On February 2, 1943, the #BattleOfStalingrad — one of the most brutal battles of "
                                   "the war — concluded with the defeat of the Nazi forces.", day)
    assert battle.place == "place/stalingrad"
    (russian,) = events(extraction, "27 января 1944 года завершилась битва за Ленинград.", day)
    assert russian.place == "place/leningrad"
    (offensive,) = events(extraction, "On February 13, 1945, the Red Army expelled the invaders as part of the "
                                      "Budapest offensive operation.", day)
    assert offensive.place == "place/budapest"
    (talks,) = events(extraction, "On May 16, the Istanbul talks took place.", day)
    assert talks.place == "place/istanbul"
    (summit,) = events(extraction, "On January 20, the Russia–Africa Summit opened.", day)
    assert summit.place is None  # a country before the trigger is a party, not the venue
    (exhibition,) = events(extraction, "On February 3, an exhibition was held to mark the anniversary of the end of "
                                       "the Battle of Stalingrad.", day)
    assert exhibition.place is None  # the battle is what the exhibition marks, not what the date opens with


def test_on_the_island_of_a_place_is_where_it_happened(extraction):
    (siege,) = events(extraction, "On March 3, a Russian squadron seized the fortress on the island of Corfu.")
    assert siege.place == "place/corfu"
    (talks,) = events(extraction, "On March 3, Sergey Lavrov held talks on the situation on the island.")
    assert talks.place is None


def test_the_official_opening_the_next_paragraph_takes_part_in_an_event_that_names_no_one(extraction):
    (reception,) = events(extraction, "💐 On March 6, the Embassy of Russia in India hosted a reception on the occasion "
                                      "of International Women's Day.\n\nRussian Ambassador to India Zebulon "
                                      "Quartermain congratulated the staff of the mission.")
    assert reception.participants == ["person/zebulon-quartermain"]
    (talks,) = events(extraction, "On March 6, Sergey Lavrov held talks with Wang Yi.\n\nRussian Ambassador to India "
                                  "Zebulon Quartermain congratulated the staff.")
    assert "person/zebulon-quartermain" not in talks.participants  # the event's words name its people
    (first, _) = events(extraction, "On March 6, the Embassy hosted a reception.\n\nOn March 8, Ambassador Zebulon "
                                    "Quartermain held a meeting with the staff.")
    assert first.participants == []  # the next paragraph dates a happening of its own
    (history,) = events(extraction, "On October 5, 1970, the two countries established diplomatic relations.\n\n"
                                    "Russian Ambassador Zebulon Quartermain congratulated the people.")
    assert history.participants == []  # today's ambassador took no part in 1970


def test_a_line_of_a_few_words_between_paragraphs_does_not_end_the_words_about_the_event(extraction):
    (statement,) = events(extraction, "🎙 Statement by President of Russia Vladimir Putin at the Meeting of the "
                                      "Supreme State Council (February 27, 2026, Moscow)\n\nRead in full\n\n"
                                      "The event was held in the Grand Kremlin Palace, attended by President of "
                                      "Belarus Alexander Lukashenko.", datetime(2026, 2, 27, 18, tzinfo=timezone.utc))
    assert statement.participants == ["person/vladimir-putin", "person/alexander-lukashenko"]


def test_people_also_present_take_part(extraction):
    (exhibition,) = events(extraction, "On February 3, an exhibition was held at the Embassy of Russia in Norway.\n\n"
                                       "The main guest was Tamara Quartermain. Veterans were also present.")
    assert exhibition.participants == ["person/tamara-quartermain"]


def test_a_today_that_dates_no_happening_does_not_end_the_words_about_the_event(extraction):
    (conference,) = events(extraction, "On February 12, a conference of young diplomats took place at MGIMO.\n\n"
                                       "Also present was Tamara Quartermain, the rector of a university that today "
                                       "is one of the largest in Russia.", datetime(2026, 2, 13, tzinfo=timezone.utc))
    assert conference.participants == ["person/tamara-quartermain"]
    talks, press = events(extraction, "On February 12, talks took place in Moscow.\n\n"
                                      "Today Tamara Quartermain gave a press conference.")
    assert talks.participants == []  # a paragraph dating another happening is not about the talks
    assert press.participants == ["person/tamara-quartermain"]


def test_words_that_go_on_about_an_event_are_whole_words(extraction):
    (fair,) = events(extraction, "On February 3, a book fair opened in Oslo.\n\n"
                                 "New books by Tamara Quartermain were presented.")
    assert fair.participants == []  # "were presented" is not "were present"
    (award,) = events(extraction, "On February 3, a ceremony was held at the Embassy of Russia in Canada.\n\n"
                                  "Medals were presented to the following veterans:\n\n"
                                  "1️⃣ Tamara Quartermain;\n2️⃣ Nikolai Quartermain.")
    assert award.participants == ["person/tamara-quartermain", "person/nikolai-quartermain"]


def test_a_reporter_and_a_quotes_speaker_are_no_participants(extraction):
    (found,) = events(extraction, "Ушаков сообщил, что Путин 6 декабря примет участие в заседании совета в Минске.",
                      datetime(2024, 11, 26, tzinfo=timezone.utc))
    assert found.participants == ["person/vladimir-putin"]
    (ceremony,) = events(extraction, "💬 Maria Zakharova: On December 17 in Maputo, a ceremony marking the delivery "
                                     "of food aid was held.", datetime(2025, 12, 26, tzinfo=timezone.utc))
    assert ceremony.participants == []


def test_a_person_a_thing_is_named_after_takes_no_part(extraction):
    (award,) = events(extraction, "On March 6, Sergey Lavrov presented the Alexander Pushkin Medal to the director "
                                  "of the school.", datetime(2026, 3, 7, tzinfo=timezone.utc))
    assert award.participants == ["person/sergey-lavrov"]


def test_a_titles_statement_about_another_happening_has_only_its_speakers(extraction):
    day = datetime(2026, 2, 5, tzinfo=timezone.utc)
    (comment, *_) = events(extraction, "⚡️ Comment by Aide to the President Yury Ushakov following President Vladimir "
                                       "Putin’s videoconference with President of China Xi Jinping (February 4, 2026)"
                                       "\n\nRead in full\n\n💬 Yury Ushakov: The talks were attended by Sergey "
                                       "Lavrov.", day)
    assert comment.participants == ["person/yury-ushakov"]
    (answer, *_) = events(extraction, "🎙 Maria Zakharova's answer to a media question regarding the talks between "
                                      "Sergey Lavrov and Wang Yi (February 4, 2026)", day)
    assert answer.participants == ["person/maria-zakharova"]
    (remarks, *_) = events(extraction, "🎙 Statement by Sergey Lavrov at a press conference following talks with "
                                       "Egypt’s Minister of Foreign Affairs Badr Abdelatty (Cairo, February 4, 2026)",
                           day)
    assert remarks.participants == ["person/sergey-lavrov", "person/badr-abdelatty"]  # his own counterpart
    (answer,) = events(extraction, "🎙 Russian President Vladimir Putin's answer to a media question following talks "
                                   "with Minister of Foreign Affairs of Hungary Peter Szijjarto (March 4, 2026, "
                                   "Moscow)", day)
    assert answer.participants == ["person/vladimir-putin"]  # the answer is his alone
    (address, *_) = events(extraction, "🎙 Statement by President of Russia Vladimir Putin at the Meeting of the "
                                       "Supreme State Council (February 4, 2026, Moscow)\n\nRead in full\n\nThe "
                                       "event was attended by President of Belarus Alexander Lukashenko.", day)
    assert address.participants == ["person/vladimir-putin", "person/alexander-lukashenko"]  # what it is not about
    (comment, *_) = events(extraction, "🎙 Ambassador Oleg Stepanov's comment to the Russian media with regard to "
                                       "Foreign Affairs Minister Anand's recent statements on the Arctic (March 5, "
                                       "2026)", day)
    assert comment.participants == ["person/oleg-stepanov"]  # whose statements it answers takes no part


def test_the_remembered_and_the_authors_of_works_take_no_part(extraction):
    day = datetime(2026, 1, 12, tzinfo=timezone.utc)
    (ceremony,) = events(extraction, "On January 11, 2026, a memorial ceremony was held in Elizabeth City. It was "
                                     "attended by Sergey Lavrov. Military honours were rendered to the fallen crew "
                                     "members, Vladimir Putin and Joe Biden.", day)
    assert ceremony.participants == ["person/sergey-lavrov"]
    (concert,) = events(extraction, "On January 11, 2026, a concert was held in Oslo. Compositions by Sergei "
                                    "Rachmaninoff and A.Pushkin were performed by Sergey Lavrov.", day)
    assert concert.participants == ["person/sergey-lavrov"]
    (conference,) = events(extraction, "On February 4, 1945, the Yalta Conference of the Leaders of the anti-Hitler "
                                       "coalition — Joseph Stalin and Winston Churchill — commenced.", day)
    assert conference.participants == ["person/joseph-stalin", "person/winston-churchill"]  # a stance on Hitler
    (birthday,) = events(extraction, "Today marks the 92nd birthday anniversary of Yury Gagarin, the first man in "
                                     "space.", datetime(2026, 3, 9, 12, tzinfo=timezone.utc))
    assert birthday.type == "anniversary" and birthday.participants == []
    (birthday,) = events(extraction, "Сегодня исполняется 125 лет со дня рождения Андрея Громыко.",
                         datetime(2026, 3, 9, 12, tzinfo=timezone.utc))
    assert birthday.participants == []
    (visit,) = events(extraction, "On March 5, Deputy Foreign Minister Andrey Rudenko visited the Embassy of Iran in "
                                  "Moscow to express condolences on the assassination of Supreme Leader Ayatollah Ali "
                                  "Khamenei.", day)
    assert visit.participants == ["person/andrey-rudenko"]
    # one written with the years of a life that ended before the event
    (tour,) = events(extraction, "On February 10, watch the video tour dedicated to Artamon Matveyev(1625–1682), an "
                                 "outstanding diplomat, with Sergey Lavrov.", day)
    assert tour.participants == ["person/sergey-lavrov"]
    (treaty,) = events(extraction, "On February 10, 1670, Artamon Matveyev (1625–1682) signed a treaty.", day)
    assert treaty.participants == ["person/artamon-matveyev"]


def test_the_one_in_whose_name_it_is_done_takes_no_part(extraction):
    day = datetime(2026, 2, 4, tzinfo=timezone.utc)
    (ceremony,) = events(extraction, "On February 3, 2026, on behalf of the President of the Russian Federation, "
                                     "Vladimir Putin, medals were presented to the veterans Nadezhda Evseeva and "
                                     "Tamara Mitnik.", day)
    assert ceremony.participants == ["person/nadezhda-evseeva", "person/tamara-mitnik"]
    (meeting,) = events(extraction, "2 февраля по поручению Путина Сергей Лавров встретился с Хаканом Фиданом.", day)
    assert meeting.participants == ["person/sergey-lavrov", "person/hakan-fidan"]
    (gift,) = events(extraction, "On February 2, on behalf of the Embassy, Ambassador Anatoly Borovik donated rice to "
                                 "Cambodia.", day)
    assert gift.participants == ["person/anatoly-borovik"]  # the one who does it for another takes part


def test_a_person_named_in_a_quoted_title_takes_no_part(extraction):
    for title in ("“Moscow. Kremlin. Putin”", '"Moscow. Kremlin. Putin"', "«Москва. Кремль. Путин»"):
        (answer,) = events(extraction, f"On March 8, Sergey Lavrov gave an interview to the programme {title}.",
                           datetime(2026, 3, 9, tzinfo=timezone.utc))
        assert answer.participants == ["person/sergey-lavrov"], title
    (talks,) = events(extraction, "On March 8, Sergey Lavrov held talks with Wang Yi (“constructive”, he said).",
                      datetime(2026, 3, 9, tzinfo=timezone.utc))
    assert talks.participants == ["person/sergey-lavrov", "person/wang-yi"]  # a quotation after the name
    # no sentence ends inside the quoted title: the answer's words reach from the speaker to the date
    (answer,) = events(extraction, "🎙 Sergey Lavrov’s answer to a question from “Moscow. Kremlin. Putin” programme "
                                   "(February 1, 2026)\n\n💬 Sergey Lavrov: That is hardly our problem.",
                       datetime(2026, 2, 1, tzinfo=timezone.utc))
    assert answer.participants == ["person/sergey-lavrov"]


@pytest.mark.parametrize("text, kind", [
    ("On March 6, Sergey Lavrov and Nasser Bourita spoke over the phone.", "phone_call"),
    ("On March 6, the Embassy hosted a solemn reception on the occasion of the national day.", "reception"),
    ("On March 6, the agreement on visa-free travel was signed in Moscow.", "signing"),
    ("On March 6, 120 Russian citizens were evacuated from Tehran.", "evacuation"),
    ("On March 6, Sergey Lavrov sent a congratulatory message to his counterpart.", "greetings"),
    ("On March 6, Sergey Lavrov's opening remarks at the talks with Wang Yi.", "talks"),
    ("6 марта Сергей Лавров и Ван И провели телефонный разговор.", "phone_call"),
    ("On the morning of March 6, US armed forces carried out airstrikes on the territory of Iran.", "attack"),
    ("6 марта ВВС нанесли авиаудар по складу.", "attack"),
    ("On March 6, the Kiev regime committed yet another terrorist act against civilians.", "attack"),
    ("This morning, March 6, the US committed an act of armed aggression against Venezuela.", "attack"),
    ("⚡️ Comment by Aide to the President Yury Ushakov regarding President Vladimir Putin’s meeting with Steve "
     "Witkoff (March 6, 2026)\n\nThe talks lasted four hours.", "statement"),  # a title's first word, as a dateline's
    ("🎙 Maria Zakharova's answer to a question from RIA Novosti regarding the sanctions (March 6, 2026)",
     "interview"),  # as the annotated sets have it: the one who answers is interviewed
    ("🎙 Maria Zakharova's response to a media question on the sanctions (March 6, 2026)", "interview"),
])
def test_event_types_from_the_wording(extraction, text, kind):
    (found,) = events(extraction, text, datetime(2026, 3, 7, tzinfo=timezone.utc))
    assert found.type == kind


# ---- the date cases of issue 10 ----------------------------------------------------------------------------------

def test_a_bracketed_place_and_date_inside_the_report_is_no_dateline(extraction):
    text = ("🤝 On December 24, Deputy Foreign Minister Mikhail Galuzin had a meeting with the ambassadors.\n\n"
            "Issues related to the Plan approved following the Summit (Dushanbe, October 9), as well as "
            "initiatives, were discussed.")
    found = events(extraction, text, datetime(2025, 12, 25, tzinfo=timezone.utc))
    assert (found[0].date, found[0].type) == ("2025-12-24", "meeting")
    title = "Opening remarks by Sergey Lavrov at the talks with Wang Yi (Moscow, October 5, 2025)\n\nDear colleagues,"
    (dated,) = events(extraction, title)
    assert (dated.date, dated.place) == ("2025-10-05", "place/moscow")


def test_a_weekday_beside_a_date_is_that_date(extraction):
    (found,) = events(extraction, "On Wednesday, February 12, Sergey Lavrov met Wang Yi.",
                      datetime(2025, 2, 17, tzinfo=timezone.utc))  # a Monday: the last Wednesday was the 12th too
    assert found.date == "2025-02-12" and found.date_words.surface == "February 12"
    (later,) = events(extraction, "On Wednesday, February 12, Sergey Lavrov met Wang Yi.",
                      datetime(2025, 2, 21, tzinfo=timezone.utc))  # "last Wednesday" would be the 19th
    assert later.date == "2025-02-12"


def test_a_range_published_after_it_ends_lies_in_the_past(extraction):
    (found,) = events(extraction, "Crimes committed by the Kiev regime over the week of December 29 – January 4:",
                      datetime(2026, 1, 6, tzinfo=timezone.utc))
    assert (found.date, found.end_date) == ("2025-12-29", "2026-01-04")
    (single,) = events(extraction, "On December 30, the talks were held.", datetime(2026, 1, 2, tzinfo=timezone.utc))
    assert single.date == "2025-12-30"


def test_a_historical_event_is_where_its_sentence_puts_it(extraction):
    day = datetime(2026, 1, 27, tzinfo=timezone.utc)
    (salute,) = events(extraction, "On January 27, 1944, the evening sky over Leningrad was lit by a salute.", day)
    assert salute.place == "place/leningrad"
    (raid,) = events(extraction, "It recalls what took place in Latvia on February 5, 1926.", day)
    assert raid.place == "place/latvia"  # a country too: a sentence of history tells where, not a subject
    (liberation,) = events(extraction, "On January 17, 1945, the Red Army liberated Warsaw from occupation.", day)
    assert liberation.place == "place/warsaw"
    (today,) = events(extraction, "On January 26, the sky over Leningrad was lit by a salute.", day)
    assert today.place is None  # over a place only in history: today "over" is what talks are about
    (born,) = events(extraction, "Our Embassy in Canada mourns a veteran (born March 28, 1917).", day)
    assert born.place is None  # the city or country of a mission says which mission


def test_a_historical_event_takes_no_official_of_today(extraction):
    text = ("Russia's Foreign Minister Sergey Lavrov and Minister of Foreign Affairs of Guyana Hugh Hilton Todd "
            "exchanged messages on the 55th anniversary of establishing diplomatic relations (December 17, 1970).")
    (found,) = events(extraction, text, datetime(2025, 12, 23, tzinfo=timezone.utc))
    assert found.date == "1970-12-17" and found.participants == []
    (munich,) = events(extraction, "On February 10, 2007, President of Russia Vladimir Putin delivered his address at "
                                   "the Munich Security Conference.", datetime(2026, 2, 10, tzinfo=timezone.utc))
    assert munich.participants == ["person/vladimir-putin"]  # the title the sentence of 2007 gives is his then
    old = ("On February 4, 1945, Joseph Stalin, Winston Churchill and Franklin D. Roosevelt met in Yalta.")
    (yalta,) = events(extraction, old, datetime(2026, 2, 4, tzinfo=timezone.utc))
    assert {"person/joseph-stalin", "person/winston-churchill"} <= set(yalta.participants)
    (burns,) = events(extraction, "On January 25, 1759, the great Scottish poet Robert Burns was born in Alloway.",
                      datetime(2026, 1, 25, tzinfo=timezone.utc))
    assert burns.date == "1759-01-25"
    (crowd,) = events(extraction, "On June 20, 15000 people attended the forum.",
                      datetime(2025, 6, 21, tzinfo=timezone.utc))
    assert crowd.date == "2025-06-20"  # a number after the date is no year


def test_the_day_an_agreement_comes_into_force_is_not_its_happening(extraction):
    text = ("The Agreement on visa-free travel comes into force on June 1. It was signed in Moscow on March 3 by "
            "Sergey Lavrov and Wang Yi.")
    found = events(extraction, text, datetime(2025, 4, 1, tzinfo=timezone.utc))
    assert found[0].date == "2025-03-03" and found[0].type == "signing"
    assert "2025-06-01" not in [e.date for e in found]
    (only,) = events(extraction, "The Agreement comes into force on June 1.", datetime(2025, 4, 1, tzinfo=timezone.utc))
    assert only.date == "2025-06-01"  # what the post dates, where it dates nothing else


# ---- one id per real event ---------------------------------------------------------------------------------------

TALKS_EN = ("🇷🇺🇨🇳 On October 5, Russia's Foreign Minister Sergey Lavrov held talks with Foreign Minister of China "
            "Wang Yi in Moscow.")
TALKS_EN_AGAIN = "🎙 Sergey Lavrov's opening remarks at the talks with Wang Yi (Moscow, October 5, 2025)"
TALKS_RU = "Сергей Лавров 5 октября провел в Москве переговоры с Ван И."
OTHER_MEETING = "On October 5, Sergey Lavrov met Foreign Minister of India Subrahmanyam Jaishankar in Moscow."


def test_two_posts_reporting_one_meeting_give_one_event(extraction):
    first, second, other = resolve(extraction, post("1", TALKS_EN), post("2", TALKS_EN_AGAIN),
                                   post("3", OTHER_MEETING))
    assert first.events[0].id == second.events[0].id == "event/test/1/1"
    assert other.events[0].id == "event/test/3/1"


def test_a_russian_and_an_english_post_reporting_one_meeting_give_one_event(extraction):
    english, russian = resolve(extraction, post("1", TALKS_EN), post("2", TALKS_RU))
    assert english.events[0].id == russian.events[0].id
    # what each post says stays its own: the words behind it are in its own text
    words = russian.events[0].trigger
    assert TALKS_RU[words.start:words.end] == words.surface == "переговоры"
    assert {e.id for e in russian.entities if e.type == "Event"} == {english.events[0].id}
    assert all(a.object == english.events[0].id for a in russian.assertions if a.predicate == "reports")


def test_two_reports_of_an_attack_on_a_village_and_on_its_region_give_one_event(extraction):
    day = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    village = post("1", "On January 1, drones attacked a café in the village of Khorly, Kherson Region.", day)
    region = post("2", "On January 1, drones attacked a café in the Kherson Region.", day)
    other = post("3", "On January 1, drones attacked a shop in the village of Aleshki, Kherson Region.", day)
    first, second, third = resolve(extraction, village, region, other)
    assert ("place/khorly", "locatedIn", "place/kherson-region") in {(a.subject, a.predicate, a.object)
                                                                    for a in first.assertions}
    assert first.events[0].id == second.events[0].id  # Khorly lies in the region
    assert third.events[0].id != first.events[0].id  # another village of it: another attack


def test_a_minister_s_meetings_with_two_guests_on_one_day_stay_two(extraction):
    with_mauritania = post("1", "On December 19 in Cairo, Sergey Lavrov held a meeting with the Minister of Foreign "
                                "Affairs, African Cooperation and Mauritanians Abroad Mohamed Salem Ould Merzoug.")
    with_ecowas = post("2", "On December 19 in Cairo, Sergey Lavrov held a meeting with President of the Commission of "
                            "the Economic Community of West African States ( #ECOWAS ) Omar Alieu Touray.")
    mauritania, ecowas = resolve(extraction, with_mauritania, with_ecowas)
    assert mauritania.events[0].id != ecowas.events[0].id  # each guest is found: the reports share Lavrov only


def test_two_statements_of_one_speaker_on_one_day_about_different_things_stay_two(extraction):
    yemen = ("Foreign Ministry Spokeswoman Maria Zakharova's comment on the escalation in Yemen and Saudi Arabia "
             "(October 5, 2025)")
    sanctions = "Foreign Ministry Spokeswoman Maria Zakharova's comment on the EU sanctions (October 5, 2025)"
    first, second = resolve(extraction, post("1", yemen), post("2", sanctions))
    assert first.events[0].id != second.events[0].id


def _report(number: int, day: int, people: tuple[str, ...], place: str | None = None, kind: str = "talks"):
    within = frozenset({"place/moscow-region"}) if place == "place/moscow" else frozenset()
    return Report(f"event/p{number}/1", f"p{number}", f"2025-10-{day:02d}T10:00:00", 0, kind, date(2025, 10, day),
                  date(2025, 10, day), place, ("region" if place.endswith("region") else "city") if place else None,
                  within, frozenset(people), frozenset({"place/china"}))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3),
                          st.sampled_from([None, "place/moscow", "place/beijing", "place/moscow-region"]),
                          st.sampled_from(["talks", "meeting", "visit", "statement", "attack"])),
                max_size=12), st.randoms())
def test_resolution_does_not_depend_on_the_order_of_the_posts(specs, shuffler):
    found = [_report(n, day, tuple(f"person/{p}" for p in people), place, kind)
             for n, (day, people, place, kind) in enumerate(specs)]
    resolver = EventResolver({"meeting": "talks", "talks": "talks"})
    ids = resolver.ids(found)
    shuffled = list(found)
    shuffler.shuffle(shuffled)
    assert resolver.ids(shuffled) == ids
    for report in found:  # every id is one of its cluster's own events, and a cluster agrees throughout
        assert ids[ids[report.event_id]] == ids[report.event_id]
        members = [r for r in found if ids[r.event_id] == ids[report.event_id]]
        assert all(resolver.agree(a, b) for a in members for b in members if a is not b)


def test_a_build_gives_one_event_node_per_real_event(tmp_path):
    lines = [{"id": 1, "date": "2025-10-05T10:00:00+00:00", "text": TALKS_EN},
             {"id": 2, "date": "2025-10-05T12:00:00+00:00", "text": TALKS_RU},
             {"id": 3, "date": "2025-10-05T13:00:00+00:00", "text": OTHER_MEETING}]
    posts = tmp_path / "posts.jsonl"
    posts.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(posts), "--out", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "build.json").read_text(encoding="utf-8"))
    assert summary["events"] == 2
    rows = run_query(load_store(tmp_path / "out"), load_query("event-evidence", "sparql"),
                     {"event": "event/posts/1/1"}).rows
    assert {row[0] for row in rows} == {"posts/1", "posts/2"}  # reported by the English and the Russian post


# ---- the words behind each event, in RDF ---------------------------------------------------------------------------

def test_the_seed_build_holds_the_words_behind_each_event(tmp_path):
    out = tmp_path / "seed"
    assert CliRunner().invoke(main, ["build", str(need(SEED)), "--out", str(out), "--no-progress"]).exit_code == 0
    records = [json.loads(line) for line in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    store = load_store(out)
    evidence = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a omkg:evidence ?m }").rows[0][0]
    assert evidence > 0
    texts = {r["post_id"]: r["text"] for r in records}
    events = {e["id"] for r in records for e in r["events"]}
    assert events
    for event in events:
        rows = run_query(store, load_query("event-evidence", "sparql"), {"event": event}).rows
        claims = {row[1] for row in rows}
        assert "reports" in claims
        for post_id, _, _, _, surface, start, end in rows:
            assert texts[post_id][start:end] == surface  # the exact words, where they stand
        record_events = [(r, e) for r in records for e in r["events"] if e["id"] == event]
        for record, found in record_events:  # the date's words and each participant's are among them
            words = {(row[4], row[5]) for row in rows if row[0] == record["post_id"]}
            dated = found["evidence"]["date"]
            assert (dated["surface"], dated["start"]) in words
            for person, named in found["evidence"].get("participants", {}).items():
                assert (named["surface"], named["start"]) in words
