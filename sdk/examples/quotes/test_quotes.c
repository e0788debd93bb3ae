/*
 * test_quotes - unit tests for the quotes plugin, one per rule in quotes.c,
 * on short texts written for them.  `make check` runs them against the
 * module just built; the testkit (<textpipe/testkit.h>) loads it the way
 * `textpipe run` does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <textpipe/testkit.h>

/* Each test gets the plugin with default options in *state. */
static int setup(void **state)
{
    *state = tpk_stage_new("quotes", NULL, PLUGIN_BUILD_DIR);
    return 0;
}

static int teardown(void **state)
{
    tpk_stage_free(*state);
    return 0;
}

/* Asserts that `doc` has a quote over `words`, said by `speaker` (NULL:
 * nobody known), and returns its start. */
static size_t check_quote(tpk_doc *doc, const char *words, const char *speaker)
{
    size_t b, e;
    tpk_locate(doc, words, 0, &b, &e);
    tpk_assert_span(doc, "quote", b, e);
    tpk_assert_feature_str(doc, "quote", b, e, "speaker", speaker);
    return b;
}

/* ---- Attribution after the quotation ------------------------------------ */

static void name_then_verb(void **state)
{
    tpk_doc *d = tpk_run(*state, "“We will act,” Rutte says.");
    tpk_assert_count(d, "quote", 1);
    /* The comma before the closing mark is not part of the quotation. */
    tpk_assert_span(d, "quote", 1, 12);
    tpk_assert_feature_str(d, "quote", 1, 12, "speaker", "Rutte");
    tpk_assert_feature_str(d, "quote", 1, 12, "cue", "says");
    tpk_assert_span(d, "speaker", 15, 20);
    tpk_assert_feature_str(d, "speaker", 15, 20, "name", "Rutte");
    tpk_assert_feature_bool(d, "speaker", 15, 20, "pronoun", 0);
}

static void titles_then_name_then_verb(void **state)
{
    tpk_doc *d = tpk_run(*state, "“We will act,” NATO Secretary-General Mark Rutte said.");
    check_quote(d, "We will act", "Mark Rutte");
}

static void verb_then_name_with_titles(void **state)
{
    tpk_doc *d = tpk_run(*state, "“We will act,” said Foreign Minister Anna Berg.");
    check_quote(d, "We will act", "Anna Berg");
    size_t b, e;
    tpk_locate(d, "Anna Berg", 0, &b, &e);
    tpk_assert_span(d, "speaker", b, e);
}

static void apposition(void **state)
{
    tpk_doc *d = tpk_run(*state, "“We will act,” Anna Berg, the foreign minister, said on Monday.");
    check_quote(d, "We will act", "Anna Berg");
}

static void verb_then_description(void **state)
{
    tpk_doc *d = tpk_run(*state, "“It was great play,” said the Tottenham striker.");
    check_quote(d, "It was great play", NULL);
    size_t b, e;
    tpk_locate(d, "the Tottenham striker", 0, &b, &e);
    tpk_assert_span(d, "speaker", b, e);
    tpk_assert_feature_str(d, "speaker", b, e, "name", NULL);
}

static void according_to(void **state)
{
    tpk_doc *d = tpk_run(*state, "“Talks will resume in spring,” according to Anna Berg.");
    size_t b = check_quote(d, "Talks will resume in spring", "Anna Berg");
    tpk_assert_feature_str(d, "quote", b, b + 27, "cue", "according to");
}

/* ---- Attribution before the quotation ----------------------------------- */

static void colon_before(void **state)
{
    tpk_doc *d = tpk_run(*state, "NATO Secretary-General Anna Berg said: “Talks will resume in spring.”");
    /* The full stop inside the marks is the speaker's. */
    check_quote(d, "Talks will resume in spring.", "Anna Berg");
}

static void that_before(void **state)
{
    tpk_doc *d = tpk_run(*state, "Anna Berg said on Monday that “talks will resume”.");
    check_quote(d, "talks will resume", "Anna Berg");
}

static void far_verb_is_not_an_attribution(void **state)
{
    /* The verb is too far from the quotation: a scare quote, dropped. */
    tpk_doc *d = tpk_run(*state, "Berg explained that ministers agreed to act against the ‘shadow fleet’ of tankers.");
    tpk_assert_count(d, "quote", 0);
}

/* ---- Pronouns ------------------------------------------------------------ */

static void pronoun_resolves_to_last_speaker(void **state)
{
    tpk_doc *d = tpk_run(*state, "Anna Berg said the talks had failed. Berg added that more was needed.\n"
                                 "“We tried everything,” she said.");
    /* The fullest name of the speaker in the document. */
    check_quote(d, "We tried everything", "Anna Berg");
    size_t b, e;
    tpk_locate(d, "she", 0, &b, &e);
    tpk_assert_feature_bool(d, "speaker", b, e, "pronoun", 1);
    tpk_assert_feature_str(d, "speaker", b, e, "name", "Anna Berg");
}

static void pronoun_between_two_speakers_stays_unresolved(void **state)
{
    tpk_doc *d = tpk_run(*state, "Anna Berg said the talks had failed. Piet Smit said they had not.\n"
                                 "“We tried everything,” he said.");
    /* Attributed (so kept), but to nobody we can name. */
    check_quote(d, "We tried everything", NULL);
    size_t b, e;
    tpk_locate(d, "he said", 0, &b, &e);
    tpk_assert_span(d, "speaker", b, b + 2);
    tpk_assert_feature_str(d, "speaker", b, b + 2, "name", NULL);
}

static void description_blocks_pronoun(void **state)
{
    tpk_doc *d = tpk_run(*state, "Anna Berg said the talks had failed. The minister said more was needed.\n"
                                 "“We tried,” she said.");
    check_quote(d, "We tried", NULL);
}

static void pronoun_skips_organisations(void **state)
{
    tpk_doc *d = tpk_run(*state, "Anna Berg said the talks had failed. NATO said ammunition was short.\n"
                                 "“We tried everything,” she said. “We are ready,” it said.");
    check_quote(d, "We tried everything", "Anna Berg");
    check_quote(d, "We are ready", "NATO");
}

static void pronouns_option(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("quotes", "pronouns = false;", PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, "Anna Berg said the talks had failed.\n“We tried everything,” she said.");
    check_quote(d, "We tried everything", NULL);
    tpk_stage_free(s);
}

/* ---- Which marks make a quotation ---------------------------------------- */

static void scare_quotes_and_apostrophes(void **state)
{
    tpk_doc *d = tpk_run(*state, "Russia’s ‘shadow fleet’ and the ministers’ “peace dividend” are gone.");
    tpk_assert_count(d, "quote", 0);
    tpk_assert_count(d, "speaker", 0);
}

static void unattributed_long_quotation(void **state)
{
    tpk_doc *d = tpk_run(*state, "“This is the end of an era for the port.” The crowd cheered.");
    check_quote(d, "This is the end of an era for the port.", NULL);
    tpk_assert_count(d, "speaker", 0);
}

static void min_words_option(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("quotes", "min_words = 20;", PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, "“This is the end of an era for the port.” The crowd cheered. "
                            "“No,” Berg said.");
    tpk_assert_count(d, "quote", 1); /* attributed quotations are kept whatever their length */
    check_quote(d, "No", "Berg");
    tpk_stage_free(s);
}

static void straight_quotes(void **state)
{
    tpk_doc *d = tpk_run(*state, "\"We will act,\" Rutte said. He doesn't say 'why'.");
    tpk_assert_count(d, "quote", 1);
    check_quote(d, "We will act", "Rutte");
}

static void nested_quotes(void **state)
{
    tpk_doc *d = tpk_run(*state, "“He told me ‘never again’ and left,” Berg said.");
    tpk_assert_count(d, "quote", 1);
    check_quote(d, "He told me ‘never again’ and left", "Berg");
}

static void single_quotes_option(void **unused)
{
    (void)unused;
    const char *text = "‘We will act now, today,’ Berg said.";
    tpk_stage *s = tpk_stage_new("quotes", NULL, PLUGIN_BUILD_DIR);
    check_quote(tpk_run(s, text), "We will act now, today", "Berg");
    tpk_stage_free(s);
    s = tpk_stage_new("quotes", "single_quotes = false;", PLUGIN_BUILD_DIR);
    tpk_assert_count(tpk_run(s, text), "quote", 0);
    tpk_stage_free(s);
}

static void guillemets(void **state)
{
    tpk_doc *d = tpk_run(*state, "«Nous agirons», said Berg.");
    check_quote(d, "Nous agirons", "Berg");
}

/* ---- Paragraphs ---------------------------------------------------------- */

static void quotation_continued_across_paragraphs(void **state)
{
    tpk_doc *d = tpk_run(*state, "“The first part of a long statement goes here.\n"
                                 "“And the second part ends it,” Berg said.");
    tpk_assert_count(d, "quote", 2);
    check_quote(d, "The first part of a long statement goes here.", "Berg");
    check_quote(d, "And the second part ends it", "Berg");
}

static void same_paragraph_same_speaker(void **state)
{
    tpk_doc *d = tpk_run(*state, "“We tried,” Berg said. “We failed.”\n“Short,” he said.");
    check_quote(d, "We failed.", "Berg");
    check_quote(d, "We tried", "Berg");
}

static void unclosed_quotation_is_ignored(void **state)
{
    tpk_doc *d = tpk_run(*state, "“This quotation never closes, Berg said.\nNext paragraph.");
    tpk_assert_count(d, "quote", 0);
}

/* ---- Options -------------------------------------------------------------- */

static void verbs_option(void **unused)
{
    (void)unused;
    const char *text = "“We will win,” Berg chirped.";
    tpk_stage *s = tpk_stage_new("quotes", NULL, PLUGIN_BUILD_DIR);
    tpk_assert_count(tpk_run(s, text), "quote", 0);
    tpk_stage_free(s);
    s = tpk_stage_new("quotes", "verbs = [\"Chirped\"];", PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, text);
    size_t b = check_quote(d, "We will win", "Berg");
    tpk_assert_feature_str(d, "quote", b, b + 11, "cue", "chirped");
    tpk_stage_free(s);
}

static void bad_options(void **unused)
{
    (void)unused;
    char *m = tpk_stage_error("quotes", "verbs = [\"went on\"];", PLUGIN_BUILD_DIR);
    assert_non_null(strstr(m, "\"went on\" is not one word"));
    free(m);
    m = tpk_stage_error("quotes", "min_words = 0;", PLUGIN_BUILD_DIR);
    assert_non_null(strstr(m, "min_words"));
    free(m);
}

/* ---- Layers from earlier stages ----------------------------------------- */

static void entities_decide_names(void **state)
{
    const char *text = "Officials met Kaja Kallas in Brussels.\n“Europe must lead,” Kallas said.";
    /* Alone: the name as written. */
    tpk_doc *d = tpk_run(*state, text);
    check_quote(d, "Europe must lead", "Kallas");
    /* With an entity layer (as a named-entity stage would make it): the
     * fullest name of that person. */
    d = tpk_doc_new(*state, NULL, text);
    size_t b, e;
    tpk_locate(d, "Kaja Kallas", 0, &b, &e);
    tpk_doc_set_str(d, "entity", tpk_doc_add_span(d, "entity", b, e), "label", "PER");
    tpk_locate(d, "Kallas said", 0, &b, &e);
    tpk_doc_set_str(d, "entity", tpk_doc_add_span(d, "entity", b, b + 6), "label", "PER");
    assert_int_equal(tpk_process(d), 0);
    check_quote(d, "Europe must lead", "Kaja Kallas");
}

static void entity_label_says_organisation(void **state)
{
    const char *text = "Acme Steel said profits fell.\n“We will recover,” she said.";
    tpk_doc *d = tpk_run(*state, text);
    check_quote(d, "We will recover", "Acme Steel"); /* guessed a person */
    d = tpk_doc_new(*state, NULL, text);
    tpk_doc_set_str(d, "entity", tpk_doc_add_span(d, "entity", 0, 10), "label", "ORG");
    assert_int_equal(tpk_process(d), 0);
    check_quote(d, "We will recover", NULL); /* "she" is not a company */
}

static void sentences_from_an_earlier_stage(void **state)
{
    /* Without sentences, "U.S." looks like initials of the speaker's name. */
    const char *text = "Talks were held in the U.S. Berg said: “We act now.”";
    tpk_doc *d = tpk_doc_new(*state, NULL, text);
    size_t b, e;
    tpk_locate(d, "U.S.", 0, &b, &e);
    tpk_doc_add_span(d, "sentence", 0, e);
    size_t b2, e2;
    tpk_locate(d, "Berg", 0, &b, &e);
    tpk_locate(d, "”", b, &b2, &e2);
    tpk_doc_add_span(d, "sentence", b, e2);
    assert_int_equal(tpk_process(d), 0);
    check_quote(d, "We act now.", "Berg");
}

/* ---- The whole record ---------------------------------------------------- */

static void golden_sample(void **state)
{
    tpk_doc *d = tpk_run(*state, "Harbour officials said on Tuesday that the ferry would run again. "
                                 "Mayor Lotte Visser welcomed the news.\n"
                                 "“This is the end of a long winter,” Visser said. “We owe it to the crews.”\n"
                                 "“It should never have taken this long,” she added.");
    tpk_assert_json_equals_file(d, "tests/quotes.golden.json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(name_then_verb, setup, teardown),
        cmocka_unit_test_setup_teardown(titles_then_name_then_verb, setup, teardown),
        cmocka_unit_test_setup_teardown(verb_then_name_with_titles, setup, teardown),
        cmocka_unit_test_setup_teardown(apposition, setup, teardown),
        cmocka_unit_test_setup_teardown(verb_then_description, setup, teardown),
        cmocka_unit_test_setup_teardown(according_to, setup, teardown),
        cmocka_unit_test_setup_teardown(colon_before, setup, teardown),
        cmocka_unit_test_setup_teardown(that_before, setup, teardown),
        cmocka_unit_test_setup_teardown(far_verb_is_not_an_attribution, setup, teardown),
        cmocka_unit_test_setup_teardown(pronoun_resolves_to_last_speaker, setup, teardown),
        cmocka_unit_test_setup_teardown(pronoun_between_two_speakers_stays_unresolved, setup, teardown),
        cmocka_unit_test_setup_teardown(description_blocks_pronoun, setup, teardown),
        cmocka_unit_test_setup_teardown(pronoun_skips_organisations, setup, teardown),
        cmocka_unit_test(pronouns_option),
        cmocka_unit_test_setup_teardown(scare_quotes_and_apostrophes, setup, teardown),
        cmocka_unit_test_setup_teardown(unattributed_long_quotation, setup, teardown),
        cmocka_unit_test(min_words_option),
        cmocka_unit_test_setup_teardown(straight_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(nested_quotes, setup, teardown),
        cmocka_unit_test(single_quotes_option),
        cmocka_unit_test_setup_teardown(guillemets, setup, teardown),
        cmocka_unit_test_setup_teardown(quotation_continued_across_paragraphs, setup, teardown),
        cmocka_unit_test_setup_teardown(same_paragraph_same_speaker, setup, teardown),
        cmocka_unit_test_setup_teardown(unclosed_quotation_is_ignored, setup, teardown),
        cmocka_unit_test(verbs_option),
        cmocka_unit_test(bad_options),
        cmocka_unit_test_setup_teardown(entities_decide_names, setup, teardown),
        cmocka_unit_test_setup_teardown(entity_label_says_organisation, setup, teardown),
        cmocka_unit_test_setup_teardown(sentences_from_an_earlier_stage, setup, teardown),
        cmocka_unit_test_setup_teardown(golden_sample, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
