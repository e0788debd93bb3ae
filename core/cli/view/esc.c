/* view/esc.c - escaping for the page (see esc.h). */
#include "autoconfig.h"

#include "view/esc.h"

#include <stdint.h>
#include <string.h>

#include <textpipe/utf8.h>

#define ELLIPSIS "\xE2\x80\xA6"
#define REPLACEMENT "\xEF\xBF\xBD"

/* Printable ASCII with no meaning in HTML: copied in runs. */
static bool plain(unsigned char c)
{
    return c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
}

void tp__view_esc(tp__buf *b, const char *str, size_t n, tp__view_ctx ctx)
{
    const unsigned char *s = (const unsigned char *)str;
    bool attr = ctx == TP__VIEW_ATTR;
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && plain(s[run])) run++;
        tp__buf_append(b, s + i, run - i);
        i = run;
        if (i >= n)
            break;
        unsigned c = s[i];
        switch (c) {
        case '&':
            tp__buf_puts(b, "&amp;");
            i++;
            continue;
        case '<':
            tp__buf_puts(b, "&lt;");
            i++;
            continue;
        case '>':
            tp__buf_puts(b, "&gt;");
            i++;
            continue;
        case '"':
            tp__buf_puts(b, attr ? "&quot;" : "\"");
            i++;
            continue;
        case '\'':
            tp__buf_puts(b, attr ? "&#39;" : "'");
            i++;
            continue;
        case '\n':
            tp__buf_puts(b, attr ? "&#10;" : "\n");
            i++;
            continue;
        case '\t':
            tp__buf_putc(b, attr ? ' ' : '\t');
            i++;
            continue;
        case '\r':
            /* HTML turns CR LF into LF; a lone CR would become a line break. */
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
            else {
                tp__buf_puts(b, attr ? "&#10;" : "\n");
                i++;
            }
            continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            char pic[3] = {(char)0xE2, (char)0x90, (char)(c == 0x7F ? 0xA1 : 0x80 + c)};
            tp__buf_append(b, pic, 3);
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = tp_utf8_decode(str + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1)
            tp__buf_puts(b, REPLACEMENT);
        else
            tp__buf_append(b, s + i, l);
        i += l;
    }
}

void tp__view_esc_str(tp__buf *b, const char *s, tp__view_ctx ctx) { tp__view_esc(b, s, strlen(s), ctx); }

size_t tp__view_clip(const char *s, size_t n, size_t max, bool *cut)
{
    *cut = n > max;
    if (n <= max)
        return n;
    /* Byte max starts the first character left out; when it is inside a
     * character, that whole character goes. */
    return tp_utf8_start(s, n, max);
}

void tp__view_esc_clipped(tp__buf *b, const char *s, size_t max, tp__view_ctx ctx)
{
    bool cut;
    size_t n = strlen(s);
    tp__view_esc(b, s, tp__view_clip(s, n, max, &cut), ctx);
    if (cut)
        tp__buf_puts(b, ELLIPSIS);
}
