/*
 * UTF-8 well-formedness, shared by the decoder, the encoder and the excerpts quoted in
 * exceptions, so that all three agree on what is valid text.
 */
#ifndef VTWS_UTF8_H
#define VTWS_UTF8_H

#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), 0 if malformed, -1 if end comes inside it.
 * p < end, and *p is not ASCII. */
static inline int vtws_utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	unsigned char lead = p[0];
	unsigned char low = 0x80, high = 0xBF;
	int len;

	if (lead >= 0xC2 && lead <= 0xDF) {
		len = 2;
	} else if (lead >= 0xE0 && lead <= 0xEF) {
		len = 3;
		low = lead == 0xE0 ? 0xA0 : 0x80;
		high = lead == 0xED ? 0x9F : 0xBF;
	} else if (lead >= 0xF0 && lead <= 0xF4) {
		len = 4;
		low = lead == 0xF0 ? 0x90 : 0x80;
		high = lead == 0xF4 ? 0x8F : 0xBF;
	} else {
		return 0;
	}
	for (int i = 1; i < len; i++) {
		if (p + i >= end) {
			return -1;
		}
		unsigned char c = p[i];
		if (c < (i == 1 ? low : 0x80) || c > (i == 1 ? high : 0xBF)) {
			return 0;
		}
	}
	return len;
}

#endif
