/*
 * resume.h - what a resumed run has already written, and its journal.
 *
 * Every output file written as FILE.part has a journal beside it,
 * FILE.part.journal: one line per record, "ORDINAL END", saying that the
 * record for input item ORDINAL (1 for the first item the inputs yield,
 * counting error items) ends at byte END of FILE.part.  The runner writes a
 * journal line before the record's bytes, so after a kill the journal may
 * name a record that did not reach the file, never the other way round.
 *
 * Recovery keeps the journal entries whose record is complete in the file
 * (its id is read back and must be a JSON record), cuts both files after the
 * last one, and remembers each done ordinal with its id.  The resumed run
 * reads its inputs from the start, skips the done ordinals - checking that
 * the item there has the id the record has - and so writes exactly the
 * records an uninterrupted run would have written, whatever they were:
 * duplicates, error records, records in --pretty form or in any order.
 *
 * Without a journal (a file finished earlier, or --resume-anyway after the
 * inputs changed), ids are matched instead: each record's id accounts for
 * one input item with that id.
 */
#ifndef TP_RESUME_H
#define TP_RESUME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tp__done tp__done;

tp__done *tp__done_new(void);
void tp__done_free(tp__done *d);

/* Recovers from FILE.part (`part_fd`) and its journal (`journal_fd`), both
 * open for reading and writing: truncates them after the last complete
 * record and adds the records to `d`.  `name` is FILE.part for messages.
 * Returns 0, or -1 with a message in err (a journal that contradicts the
 * file). */
int tp__resume_recover(tp__done *d, int part_fd, int journal_fd, const char *name, char *err, size_t errlen);

/* The same from memory, for tests and fuzzing: how many bytes of the part
 * and of the journal to keep go to *part_keep and *journal_keep. */
int tp__resume_recover_mem(tp__done *d, const char *part, size_t part_len, const char *journal, size_t journal_len,
                           size_t *part_keep, size_t *journal_keep, const char *name, char *err, size_t errlen);

/* Matching by id: adds the id of every complete record in the file
 * (`fd`), cutting an incomplete last record.  Returns 0 or -1. */
int tp__resume_recover_ids(tp__done *d, int fd, const char *name, char *err, size_t errlen);
int tp__resume_recover_ids_mem(tp__done *d, const char *data, size_t len, size_t *keep);

/* The journal-derived ordinals and ids, or matching by id? */
bool tp__done_by_id(const tp__done *d);

enum { TP__DONE_NO = 0, TP__DONE_YES = 1, TP__DONE_MISMATCH = -1 };

/* Whether input item `ordinal` with id[0..len) already has its record.
 * TP__DONE_MISMATCH: the journal says ordinal was done for another id (the
 * input is not the one the output was made from). */
int tp__done_check(tp__done *d, uint64_t ordinal, const char *id, size_t len);

/* Records recovered. */
size_t tp__done_count(const tp__done *d);

/* The id the journal recorded for `ordinal` (for a mismatch message), or
 * NULL. */
const char *tp__done_id(const tp__done *d, uint64_t ordinal);

/* One journal line for a record. */
#define TP__JOURNAL_LINE_MAX 48
size_t tp__journal_line(char out[TP__JOURNAL_LINE_MAX], uint64_t ordinal, uint64_t end);

/* Reads the id of the JSON record in rec[0..len) (its first member, as
 * textpipe writes them; leading whitespace and --pretty layout allowed).
 * Returns 0 with the decoded id in the malloc'd *id, or -1. */
int tp__record_id(const char *rec, size_t len, char **id, size_t *id_len);

#endif
