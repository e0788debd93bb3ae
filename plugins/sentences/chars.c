/*
 * chars.c - byte and code point classes (see chars.h).
 */
#include "chars.h"

#define U B_UPPER
#define L B_LOWER
#define D B_DIGIT
#define S B_SPACE
#define N B_NL
#define H B_HIGH
#define P B_PUNCT
const uint8_t sbd_bclass[256] = {
    P, P, P, P, P, P, P, P, P, S, N, S, S, N, P, P,
    P, P, P, P, P, P, P, P, P, P, P, P, S, S, S, S,
    S, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
    D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,
    P, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
    U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,
    P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, P,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef U
#undef L
#undef D
#undef S
#undef N
#undef H
#undef P

/* Case of Latin Extended-A (U+0100..U+017F): mostly upper/lower pairs. */
static cpc latin_ext_a(uint32_t cp)
{
    if (cp == 0x0130 || cp == 0x0178)
        return CP_LETTER_UP;
    if (cp == 0x0131 || cp == 0x0138 || cp == 0x0149 || cp == 0x017F)
        return CP_LETTER_LO;
    if ((cp >= 0x0139 && cp <= 0x0148) || (cp >= 0x0179 && cp <= 0x017E))
        return (cp & 1) ? CP_LETTER_UP : CP_LETTER_LO;
    return (cp & 1) ? CP_LETTER_LO : CP_LETTER_UP;
}

static cpc general_punct(uint32_t cp)
{
    switch (cp) {
    case 0x2010: case 0x2011:
        return CP_HYPHEN;
    case 0x2012: case 0x2013: case 0x2014: case 0x2015:
        return CP_DASH;
    case 0x2018: case 0x201A: case 0x201B: case 0x201C: case 0x201E: case 0x201F: case 0x2039:
        return CP_QUOTE_OPEN;
    case 0x2019:
        return CP_APOS;
    case 0x201D: case 0x203A:
        return CP_QUOTE_CLOSE;
    case 0x2022: case 0x2023: case 0x2043:
        return CP_BULLET;
    case 0x2026:
        return CP_ELLIPSIS;
    case 0x2028:
        return CP_NL;
    case 0x2029:
        return CP_PARA;
    case 0x202F: case 0x205F:
        return CP_SPACE;
    case 0x203C: case 0x203D: case 0x2047: case 0x2048: case 0x2049:
        return CP_QEX;
    case 0x2045:
        return CP_OPEN;
    case 0x2046:
        return CP_CLOSE;
    default:
        break;
    }
    if (cp <= 0x200A)
        return CP_SPACE;
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064))
        return CP_LETTER_OTHER; /* invisible format characters glue to words */
    return CP_SYMBOL;
}

cpc sbd_cp_class(uint32_t cp)
{
    if (cp < 0x100) {
        if (cp >= 0xC0) {
            if (cp == 0xD7 || cp == 0xF7)
                return CP_SYMBOL;
            if (cp <= 0xDE)
                return CP_LETTER_UP;
            return CP_LETTER_LO;
        }
        switch (cp) {
        case 0x85: return CP_NL;
        case 0xA0: return CP_SPACE;
        case 0xA1: case 0xBF: return CP_OPEN; /* ¡ ¿ open a sentence */
        case 0xA2: case 0xA3: case 0xA4: case 0xA5: return CP_CURRENCY;
        case 0xAA: case 0xB5: case 0xBA: return CP_LETTER_LO;
        case 0xAB: return CP_QUOTE_OPEN;
        case 0xBB: return CP_QUOTE_CLOSE;
        case 0xAD: return CP_LETTER_OTHER; /* soft hyphen stays inside words */
        case 0xBC: case 0xBD: case 0xBE: return CP_DIGIT; /* vulgar fractions */
        default: return CP_SYMBOL;
        }
    }
    if (cp < 0x180)
        return latin_ext_a(cp);
    if (cp < 0x200)
        return CP_LETTER_OTHER;
    if (cp < 0x250)
        return (cp & 1) ? CP_LETTER_LO : CP_LETTER_UP;
    if (cp < 0x2B0)
        return CP_LETTER_LO;
    if (cp < 0x370)
        return CP_LETTER_OTHER; /* modifier letters, combining marks */
    if (cp < 0x400) {
        if (cp == 0x386 || (cp >= 0x388 && cp <= 0x38F) || (cp >= 0x391 && cp <= 0x3AB))
            return CP_LETTER_UP;
        if (cp >= 0x3AC && cp <= 0x3CE)
            return CP_LETTER_LO;
        if (cp == 0x37E)
            return CP_QEX; /* Greek question mark */
        return CP_LETTER_OTHER;
    }
    if (cp < 0x530) {
        if (cp < 0x430)
            return CP_LETTER_UP;
        if (cp < 0x460)
            return CP_LETTER_LO;
        if (cp >= 0x482 && cp <= 0x489)
            return CP_LETTER_OTHER;
        return (cp & 1) ? CP_LETTER_LO : CP_LETTER_UP;
    }
    if (cp == 0x589 || cp == 0x61F || cp == 0x6D4 || cp == 0x964 || cp == 0x965)
        return CP_QEX; /* Armenian full stop, Arabic ? and full stop, danda */
    if (cp == 0x1680)
        return CP_SPACE;
    if (cp >= 0x1E00 && cp < 0x1F00)
        return (cp & 1) ? CP_LETTER_LO : CP_LETTER_UP;
    if (cp < 0x2000)
        return CP_LETTER_OTHER;
    if (cp < 0x2070)
        return general_punct(cp);
    if (cp >= 0x20A0 && cp <= 0x20CF)
        return CP_CURRENCY;
    if (cp >= 0x20D0 && cp <= 0x20FF)
        return CP_LETTER_OTHER;
    if (cp < 0x2E80) {
        switch (cp) {
        case 0x25A0: case 0x25AA: case 0x25B6: case 0x25BA: case 0x25C6: case 0x25CF: case 0x25E6:
        case 0x2713: case 0x2714: case 0x2716: case 0x27A2: case 0x27A4:
            return CP_BULLET;
        case 0x2E2E:
            return CP_QEX;
        default:
            return CP_SYMBOL;
        }
    }
    if (cp >= 0x3000 && cp < 0x3040) {
        switch (cp) {
        case 0x3000: return CP_SPACE;
        case 0x3002: return CP_QEX;
        case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3014: case 0x3016:
        case 0x3018: case 0x301A: case 0x301D:
            return CP_OPEN;
        case 0x3009: case 0x300B: case 0x300D: case 0x300F: case 0x3011: case 0x3015: case 0x3017:
        case 0x3019: case 0x301B: case 0x301E: case 0x301F:
            return CP_CLOSE;
        default: return CP_SYMBOL;
        }
    }
    if (cp >= 0xFE00 && cp <= 0xFE0F)
        return CP_LETTER_OTHER; /* variation selectors */
    if (cp >= 0xFF00 && cp <= 0xFFEF) {
        if (cp >= 0xFF21 && cp <= 0xFF3A)
            return CP_LETTER_UP;
        if (cp >= 0xFF41 && cp <= 0xFF5A)
            return CP_LETTER_LO;
        if (cp >= 0xFF10 && cp <= 0xFF19)
            return CP_DIGIT;
        if (cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF61)
            return CP_QEX;
        if (cp == 0xFF08 || cp == 0xFF3B || cp == 0xFF5B)
            return CP_OPEN;
        if (cp == 0xFF09 || cp == 0xFF3D || cp == 0xFF5D)
            return CP_CLOSE;
        if (cp >= 0xFF66)
            return CP_LETTER_OTHER;
        return CP_SYMBOL;
    }
    if (cp == 0xFEFF || (cp >= 0xE0000 && cp <= 0xE007F))
        return CP_LETTER_OTHER;
    if (cp == 0xFFFD || (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0xE000 && cp <= 0xF8FF))
        return CP_SYMBOL;
    return CP_LETTER_OTHER;
}
