/*
 * chars.c - the role a character plays in a sentence (see chars.h).
 *
 * Most roles follow from the character's classes in <textpipe/utf8.h>; the
 * switch holds the characters whose role Unicode's categories do not tell:
 * sentence-ending marks of other scripts, bullets, the ellipsis, ’.
 */
#include "chars.h"

cpc sbd_cp_class(uint32_t cp)
{
    switch (cp) {
    case 0x2019: return CP_APOS; /* closing quote or apostrophe: the tokeniser decides */
    case 0x2026: return CP_ELLIPSIS;
    case 0x2010:
    case 0x2011: return CP_HYPHEN;
    case 0x2029: return CP_PARA;
    case 0x00A1:
    case 0x00BF: return CP_OPEN; /* ¡ ¿ open a sentence */
    case 0x037E:                 /* Greek question mark */
    case 0x0589:                 /* Armenian full stop */
    case 0x061F:
    case 0x06D4: /* Arabic question mark and full stop */
    case 0x0964:
    case 0x0965: /* danda */
    case 0x203C:
    case 0x203D:
    case 0x2047:
    case 0x2048:
    case 0x2049: /* ‼ ‽ ⁇ ⁈ ⁉ */
    case 0x2E2E:
    case 0x3002:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF61: return CP_QEX;
    case 0x2022:
    case 0x2023:
    case 0x2043:
    case 0x25A0:
    case 0x25AA:
    case 0x25B6:
    case 0x25BA:
    case 0x25C6:
    case 0x25CF:
    case 0x25E6:
    case 0x2713:
    case 0x2714:
    case 0x2716:
    case 0x27A2:
    case 0x27A4: return CP_BULLET;
    default: break;
    }
    uint32_t k = tp_utf8_class(cp);
    if (k == 0)
        return CP_LETTER_OTHER; /* unassigned or private use: nothing to split on */
    if (k & TP_UTF8_NEWLINE)
        return CP_NL;
    if (k & TP_UTF8_SPACE)
        return CP_SPACE;
    if (k & TP_UTF8_UPPER)
        return CP_LETTER_UP;
    if (k & TP_UTF8_LOWER)
        return CP_LETTER_LO;
    /* Marks and invisible format characters (soft hyphen, zero-width
     * joiners, bidi marks) stay inside the word they are written in. */
    if (k & (TP_UTF8_LETTER | TP_UTF8_MARK | TP_UTF8_FORMAT))
        return CP_LETTER_OTHER;
    /* Vulgar fractions and superscripts belong to the number they follow. */
    if (k & (TP_UTF8_DIGIT | TP_UTF8_NUMBER))
        return CP_DIGIT;
    if (k & TP_UTF8_QUOTE)
        return (k & TP_UTF8_OPEN) ? CP_QUOTE_OPEN : CP_QUOTE_CLOSE;
    /* A dash is punctuation; the minus sign (a symbol with the dash bit)
     * belongs to its number and stays a symbol. */
    if ((k & TP_UTF8_DASH) && (k & TP_UTF8_PUNCT))
        return CP_DASH;
    if (k & TP_UTF8_OPEN)
        return CP_OPEN;
    if (k & TP_UTF8_CLOSE)
        return CP_CLOSE;
    if (k & TP_UTF8_CURRENCY)
        return CP_CURRENCY;
    return CP_SYMBOL;
}
