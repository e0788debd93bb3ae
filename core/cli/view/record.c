/* view/record.c - records read from JSON Lines (see record.h). */
#include "autoconfig.h"

#include "view/record.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

void tp__view_reader_start(tp__view_reader *rd, FILE *f, const char *name)
{
    rd->f = f;
    rd->name = name;
    rd->lineno = 0;
}

int tp__view_reader_next(tp__view_reader *rd, size_t *len)
{
    for (;;) {
        errno = 0;
        ssize_t n = getline(&rd->line, &rd->cap, rd->f);
        if (n < 0)
            return ferror(rd->f) ? -1 : 0;
        rd->lineno++;
        size_t l = (size_t)n;
        while (l > 0 && (rd->line[l - 1] == '\n' || rd->line[l - 1] == '\r')) l--;
        size_t k = 0;
        while (k < l && (rd->line[k] == ' ' || rd->line[k] == '\t')) k++;
        if (k == l)
            continue;
        *len = l;
        return 1;
    }
}

void tp__view_reader_free(tp__view_reader *rd)
{
    free(rd->line);
    rd->line = NULL;
    rd->cap = 0;
}

void tp__view_rec_parse(tp__view_rec *r, const tp__view_reader *rd, const char *line, size_t len)
{
    memset(r, 0, sizeof *r);
    r->j = cJSON_ParseWithLength(line, len);
    if (!r->j || !cJSON_IsObject(r->j)) {
        snprintf(r->why, sizeof r->why, "line %zu of %s is not a JSON object", rd->lineno, rd->name);
        cJSON_Delete(r->j);
        r->j = NULL;
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(r->j, "id");
    if (cJSON_IsString(id))
        r->id = id->valuestring;
    /* Any "error" member makes an error record (its fields when it is an object). */
    r->error = cJSON_GetObjectItemCaseSensitive(r->j, "error");
    r->text = cJSON_GetObjectItemCaseSensitive(r->j, "text");
    if (!cJSON_IsString(r->text))
        r->text = NULL;
    r->ann = cJSON_GetObjectItemCaseSensitive(r->j, "annotations");
    if (!cJSON_IsObject(r->ann))
        r->ann = NULL;
    r->meta = cJSON_GetObjectItemCaseSensitive(r->j, "meta");
    if (!cJSON_IsObject(r->meta))
        r->meta = NULL;
}

void tp__view_rec_free(tp__view_rec *r)
{
    cJSON_Delete(r->j);
    r->j = NULL;
}
